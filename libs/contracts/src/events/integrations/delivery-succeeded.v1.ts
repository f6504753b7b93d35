import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const deliverySucceededV1 = defineEvent({
  type: 'integrations.delivery.succeeded',
  version: 1,
  topic: 'integrations',
  description:
    "An outgoing delivery reached its receiver: the endpoint answered 2xx (or, in socket mode, the connector acknowledged it). Keyed by subscription id. Never carries the secret, the signature or the body. Not delivered to subscriptions (a delivery's outcome would cause another delivery).",
  schema: z.object({
    subscriptionId: z.string(),
    /** The delivery's stable `webhook-id` (`msg_…`). */
    deliveryId: z.string(),
    /** The bus event delivered, and its type. */
    eventId: z.string(),
    eventType: z.string(),
    /** Which try this was (1 = the first). */
    attempt: z.number().int().positive(),
    /** The receiver's status; null in socket mode. */
    statusCode: z.number().int().nullable(),
    latencyMs: z.number().int().nonnegative(),
  }),
});

export type DeliverySucceededV1 = z.output<typeof deliverySucceededV1.schema>;
