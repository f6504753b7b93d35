import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const deliveryFailedV1 = defineEvent({
  type: 'integrations.delivery.failed',
  version: 1,
  topic: 'integrations',
  description:
    'A try of an outgoing delivery failed: a status other than 2xx, a timeout, a connection error or an address the SSRF guard refused. `final: true` when no try follows — the last one of the schedule failed (the delivery is dead) or the endpoint answered 410 Gone (the subscription is disabled). Keyed by subscription id. Not delivered to subscriptions.',
  schema: z.object({
    subscriptionId: z.string(),
    deliveryId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    attempt: z.number().int().positive(),
    /** The receiver's status; null when there was no answer. */
    statusCode: z.number().int().nullable(),
    /** Why, in words (`timeout`, `refused: … is not a public address`); null for a plain status. */
    error: z.string().nullable(),
    final: z.boolean(),
    /** When the next try is due; null when final. */
    nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
    /** What made it final: the schedule ran out (`exhausted`) or the endpoint is gone (`gone`). */
    finalReason: z.enum(['exhausted', 'gone']).nullable(),
  }),
});

export type DeliveryFailedV1 = z.output<typeof deliveryFailedV1.schema>;
