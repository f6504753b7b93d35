import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const webhookReceivedV1 = defineEvent({
  type: 'integrations.webhook.received',
  version: 1,
  topic: 'integrations',
  description:
    'An incoming webhook (POST /hooks/{id}) was authenticated and accepted: the message to post. ' +
    'Messaging consumes it and posts the message as the integration (sender kind `integration`) ' +
    'under the id given here, so a redelivery posts nothing twice. Published once per accepted ' +
    'request; a replay of the same idempotency key publishes nothing.',
  schema: z.object({
    webhookId: z.string(),
    conversationId: z.string(),
    /** Assigned when the request was accepted (uuid v7); the message is posted under it. */
    messageId: z.string(),
    /** Markdown, as the payload's dialect normalized it. */
    text: z.string(),
    /** The vendor-neutral card of the payload, when it had one (not rendered yet). */
    card: z.unknown().optional(),
    /** Who the message shows as: the webhook's display name. */
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
    /** `Idempotency-Key` or `webhook-id` of the request (null: the sender gave none). */
    idempotencyKey: z.string().nullable(),
  }),
});

export type WebhookReceivedV1 = z.output<typeof webhookReceivedV1.schema>;
