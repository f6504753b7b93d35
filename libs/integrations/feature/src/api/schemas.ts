import { AUTH_MODES, parseCidr } from '@tidings/integrations/domain';
import { z } from 'zod';

/** `POST /integrations/webhooks`. */
export const createWebhook = z
  .object({
    /** Conversation ids or channel names; the first is the default, a payload's `channel` picks another. */
    conversations: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
    displayName: z.string().trim().min(1).max(80),
    avatarUrl: z
      .url({ protocol: /^https?$/, error: 'avatarUrl must be an http(s) URL' })
      .max(2000)
      .nullable()
      .optional(),
    auth: z.enum(AUTH_MODES).default('url'),
    ipAllowlist: z
      .array(
        z
          .string()
          .trim()
          .refine((v) => parseCidr(v) !== null, 'expected a CIDR such as 10.0.0.0/8 or an address'),
      )
      .max(50)
      .default([]),
  })
  .strict();
export type CreateWebhook = z.output<typeof createWebhook>;

/** `POST /integrations/webhooks/{id}/rotate`. */
export const rotateSecret = z
  .object({
    /** How long the old secret stays valid beside the new one (default 24 h, 0: not at all). */
    overlapHours: z
      .number()
      .min(0)
      .max(24 * 30)
      .optional(),
  })
  .strict();
export type RotateSecret = z.output<typeof rotateSecret>;
