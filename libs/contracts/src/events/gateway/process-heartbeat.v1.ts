import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const processHeartbeatV1 = defineEvent({
  type: 'gateway.process.heartbeat',
  version: 1,
  topic: 'gateway',
  description:
    'A gateway process that reports connections is alive: presence keeps its connections for ' +
    '`leaseMs` from reading this. The process sends one when it starts and then several times ' +
    'per lease; when they stop (the process was killed), presence sweeps its connections and ' +
    'their people go offline unless they have devices elsewhere.',
  schema: z.object({
    processId: z.string().min(1).max(64),
    /** How long presence may trust this process without hearing from it again. */
    leaseMs: z.number().int().positive(),
  }),
});

export type ProcessHeartbeatV1 = z.output<typeof processHeartbeatV1.schema>;
