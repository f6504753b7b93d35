import { z } from 'zod';
import { defineEvent } from '../../define-event';

/** Who a socket belongs to and which gateway process holds it: every connection report says. */
export const connectionReportSchema = z.object({
  /**
   * The gateway process holding the socket, a fresh id per process start. Presence sweeps a
   * process's connections when its heartbeats stop (`gateway.process.heartbeat`).
   */
  processId: z.string().min(1).max(64),
  connectionId: z.string().min(1).max(64),
  /** The token's subject, as the gateway's principal names the person (not the directory id). */
  userId: z.string().min(1).max(200),
  username: z.string().max(200),
});

export const connectionOpenedV1 = defineEvent({
  type: 'gateway.connection.opened',
  version: 1,
  topic: 'gateway',
  description:
    'A socket signed in on a gateway process that has no presence in it (distributed mode): ' +
    'presence counts it among the person’s devices, active, until `gateway.connection.closed` ' +
    'or until the process stops renewing its lease.',
  schema: connectionReportSchema,
});

export type ConnectionOpenedV1 = z.output<typeof connectionOpenedV1.schema>;
