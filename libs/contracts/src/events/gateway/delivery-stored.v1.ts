import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const deliveryStoredV1 = defineEvent({
  type: 'gateway.delivery.stored',
  version: 1,
  topic: 'gateway',
  description:
    "The fan-out stored one event in the recipients' streams (docs/realtime.md). Every gateway " +
    'process reads this in its own consumer group, starting from the newest record, and hands ' +
    "the event to its own sockets of the listed recipients. `payload` is the source event's " +
    "`data` as JSON text, serialized once; each recipient's frame is spliced from it with their " +
    'seq. Internal to the gateway: a lost record only delays a device until it resumes.',
  schema: z.object({
    /** The source event's type (`messaging.message.sent`, …): the frame's `type`. */
    type: z.string().min(1),
    /** The source event's `data`, JSON text exactly as stored and framed. */
    payload: z.string(),
    /** When the source event happened (ms since epoch): send → deliver latency starts here. */
    occurredMs: z.number().int().nonnegative(),
    /** Each recipient and the seq the event has in their stream. */
    seqs: z.array(z.object({ userId: z.string().min(1), seq: z.number().int().positive() })),
  }),
});

export type DeliveryStoredV1 = z.output<typeof deliveryStoredV1.schema>;
