import { DEFAULT_RETENTION_OPTIONS } from '@tidings/integrations/feature';
import { z } from 'zod';

/** Days to keep something: a whole number, `0` meaning "keep forever". */
const retentionDays = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return fallback;
      if (!/^\d+$/.test(value.trim())) {
        ctx.addIssue({ code: 'custom', message: 'expected a whole number of days (0: keep)' });
        return z.NEVER;
      }
      return Number(value.trim());
    });

/**
 * How long integrations keeps what it logged (docs/integrations-outgoing.md, _Retention_);
 * an hourly run deletes the rest.
 */
export const integrationsRetentionConfigShape = {
  /** Finished deliveries (succeeded, dead) and their tries: deleted this many days after. */
  INTEGRATIONS_DELIVERY_RETENTION_DAYS: retentionDays(
    DEFAULT_RETENTION_OPTIONS.deliveryRetentionDays,
  ),
  /** Incoming webhooks' accepted requests (idempotency keys, the status route). */
  INTEGRATIONS_IDEMPOTENCY_RETENTION_DAYS: retentionDays(
    DEFAULT_RETENTION_OPTIONS.idempotencyRetentionDays,
  ),
};
