import { EXPORT_FORMATS, normalizeFilters, type ExportRequest } from '@tidings/audit/domain';
import { z } from 'zod';

/** An ISO 8601 date or date-time (a date alone means its midnight, UTC). */
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
    'expected an ISO 8601 date or time',
  )
  .refine((v) => Number.isFinite(Date.parse(v)), 'expected an ISO 8601 date or time');

const ids = z.array(z.string().min(1).max(200)).max(1000, 'at most 1000 values');

/** `POST /audit/exports` (docs/compliance.md, "Exports"). */
export const exportBody = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    from: instant.nullish(),
    to: instant.nullish(),
    users: ids.optional(),
    conversations: ids.optional(),
    /** Event types; `messaging.*` matches a prefix. */
    types: ids.optional(),
  })
  .strict()
  .refine((b) => !b.from || !b.to || Date.parse(b.from) <= Date.parse(b.to), {
    path: ['to'],
    message: 'to must not be before from',
  })
  .transform((b): ExportRequest => ({ format: b.format, ...normalizeFilters(b) }));
export type ExportBody = z.input<typeof exportBody>;

export const exportsQuery = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ExportsQuery = z.output<typeof exportsQuery>;
