import { z } from 'zod';
import { defineEvent } from '../../define-event';

export const webhookRejectedV1 = defineEvent({
  type: 'integrations.webhook.rejected',
  version: 1,
  topic: 'integrations',
  description:
    'A request to an incoming webhook was refused before anything was posted: why, and from ' +
    'where. Never carries the secret, the signature or the body. Not published for unknown ' +
    'webhook ids or rate-limited requests (those are counted, not recorded one by one).',
  schema: z.object({
    webhookId: z.string(),
    reason: z.enum([
      'ip_not_allowed',
      'unauthenticated',
      'signature_invalid',
      'timestamp_out_of_tolerance',
      'payload_invalid',
      'conversation_not_allowed',
      'idempotency_key_reused',
    ]),
    /** The request field at fault (a header, query parameter or body field). */
    field: z.string().nullable(),
    /** The client address as the host saw it (after TRUST_PROXY). */
    remoteAddress: z.string().nullable(),
  }),
});

export type WebhookRejectedV1 = z.output<typeof webhookRejectedV1.schema>;
