import { env } from '@tidings/platform/config';
import { z } from 'zod';

/** The audit service's variables (docs/compliance.md, docs/configuration.md). */
export const auditConfigShape = {
  /** PKCS#8 PEM of the Ed25519 key checkpoints and export manifests are signed with. */
  AUDIT_SIGNING_KEY_FILE: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().min(1).optional(),
  ),
  /** Public keys (PEM files, comma-separated) of earlier signing keys, still trusted to verify. */
  AUDIT_PREVIOUS_PUBLIC_KEY_FILES: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  /** A checkpoint every this many records… */
  AUDIT_CHECKPOINT_EVERY: env.positiveInt(1000),
  /** …or this many seconds after the last one, when records came since. */
  AUDIT_CHECKPOINT_SECONDS: env.positiveInt(60),
  /** How often retention policies are applied, in minutes; 0: only on POST /compliance/retention/run. */
  RETENTION_INTERVAL_MINUTES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return 60;
      if (!/^\d+$/.test(value.trim())) {
        ctx.addIssue({ code: 'custom', message: 'expected a whole number of minutes (0: off)' });
        return z.NEVER;
      }
      return Number(value.trim());
    }),
  /** Export jobs' directories and archives (default: exports/ beside the SQLite database). */
  AUDIT_EXPORT_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
};
