import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const deliveryEphemeralV1 = defineEvent({
  type: 'gateway.delivery.ephemeral',
  version: 1,
  topic: 'gateway',
  description:
    'A frame for devices that is never stored and has no seq (typing): every gateway process ' +
    "writes `text` to its own ready sockets of the recipients, except the `except` user's. " +
    'Missed while disconnected, it is not replayed.',
  schema: z.object({
    /**
     * The whole frame, serialized once (`{"type":"typing","data":{…}}`). Room for a
     * `call.signal` carrying an SDP of up to 32 KB (docs/calls.md).
     */
    text: z.string().max(65_536),
    recipientIds: z.array(z.string().min(1)),
    /** A recipient left out (the typist's own devices). */
    except: z.string().optional(),
    /**
     * A gateway process's readiness probe (no recipients): seeing its own probe come back
     * proves its consumer group reads the topic, so it may take sockets without missing events.
     */
    probe: z.string().max(100).optional(),
  }),
});

export type DeliveryEphemeralV1 = z.output<typeof deliveryEphemeralV1.schema>;
