/**
 * What an export covers (docs/compliance.md, "Exports"): the agreed request shape of
 * `POST /audit/exports` and `tidings audit export`. Normalized once, so two requests meaning the
 * same thing write the same manifest — the byte-identical re-run depends on it.
 */
export const EXPORT_FORMATS = ['csv', 'jsonl', 'eml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFilters {
  /** Records that occurred at or after this instant (ISO 8601, UTC); null: from the start. */
  from: string | null;
  /** …and strictly before this one; null: up to the newest record. */
  to: string | null;
  /** Records concerning any of these users (their subjectIds); empty: everyone. */
  users: string[];
  conversations: string[];
  types: string[];
}

export interface ExportRequest extends ExportFilters {
  format: ExportFormat;
}

/** Sorted, deduplicated lists and times in one spelling (`toISOString`). */
export function normalizeFilters(input: {
  from?: string | null;
  to?: string | null;
  users?: readonly string[] | null;
  conversations?: readonly string[] | null;
  types?: readonly string[] | null;
}): ExportFilters {
  return {
    from: instant(input.from),
    to: instant(input.to),
    users: sortedSet(input.users),
    conversations: sortedSet(input.conversations),
    types: sortedSet(input.types),
  };
}

function instant(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError(`not a date: ${value}`);
  return new Date(time).toISOString();
}

function sortedSet(values: readonly string[] | null | undefined): string[] {
  // Code-unit order, not localeCompare: the same on every machine and locale.
  return [...new Set((values ?? []).map((v) => v.trim()).filter((v) => v !== ''))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
}
