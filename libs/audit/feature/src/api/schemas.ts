import { z } from 'zod';

/** `a,b,c` → ['a', 'b', 'c'] (empty parts dropped); at most 100 values. */
const csv = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  )
  .pipe(z.array(z.string().max(200)).max(100, 'at most 100 values'))
  .optional();

/** An ISO 8601 date or date-time (a date alone means its midnight, UTC). */
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/,
    'expected an ISO 8601 date or time',
  )
  .transform((v) => Date.parse(v))
  .refine((ms) => Number.isFinite(ms), 'expected an ISO 8601 date or time')
  .optional();

export const searchQuery = z
  .object({
    from: instant,
    to: instant,
    users: csv,
    conversations: csv,
    /** Event types; `messaging.*` matches a prefix. */
    types: csv,
    q: z.string().max(200).optional(),
    cursor: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    path: ['to'],
    message: 'to must not be before from',
  });
export type SearchQuery = z.output<typeof searchQuery>;

export const checkpointsQuery = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type CheckpointsQuery = z.output<typeof checkpointsQuery>;

const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Both optional; no body at all means the whole chain. */
export const verifyBody = z.preprocess(
  (v) => v ?? {},
  z
    .object({ from: seq.optional(), to: seq.optional() })
    .strict()
    .refine((b) => b.from === undefined || b.to === undefined || b.from <= b.to, {
      path: ['to'],
      message: 'to must not be below from',
    }),
);
export type VerifyBody = z.output<typeof verifyBody>;
