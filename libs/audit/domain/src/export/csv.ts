import { stringify } from 'csv-stringify/sync';
import { canonicalJson } from '../canonical';
import type { AuditRecord } from '../record';

/** The CSV columns, in order (docs/compliance.md, "Exports"). */
export const CSV_COLUMNS = [
  'seq',
  'occurredAt',
  'type',
  'actorKind',
  'actorId',
  'conversationId',
  'messageId',
  'senderKind',
  'text',
  'data',
  'hash',
] as const;

/**
 * RFC 4180: fields quoted when they hold a comma, a quote (doubled) or a line break of their
 * own — a bare LF in a message is quoted too, so it never splits a row for a reader — and
 * CRLF after every record. csv-stringify renders one record at a time without its delimiter
 * (`eof: false`) and the CRLF is appended here: with a two-character record delimiter the
 * library copies every field to test where the delimiter could fuse with it, which halved the
 * export's speed (a 1,000,000-record export spends most of its time in this function).
 */
const OPTIONS = { record_delimiter: '\n', quote_record_delimiter: true, eof: false } as const;
const CRLF = '\r\n';

function row(fields: ReadonlyArray<string | number>): string {
  return stringify([fields], OPTIONS) + CRLF;
}

export function csvHeader(): string {
  return row(CSV_COLUMNS);
}

/**
 * One page of records as CSV rows, one string each. `senderKindOf` may name an origin the
 * record alone does not show (a webhook's post is `integration` in the event, `webhook` in the
 * export).
 */
export function csvRowList(
  records: readonly AuditRecord[],
  senderKindOf: (record: AuditRecord) => string | null = senderKindIn,
): string[] {
  return records.map((r) =>
    row([
      String(r.seq),
      r.occurredAt,
      r.type,
      r.actor?.kind ?? '',
      r.actor?.id ?? '',
      r.conversationId ?? '',
      stringField(r.data, 'messageId'),
      senderKindOf(r) ?? '',
      stringField(r.data, 'text'),
      canonicalJson(r.data),
      r.hash,
    ]),
  );
}

/** The rows of csvRowList as one string. */
export function csvRows(
  records: readonly AuditRecord[],
  senderKindOf: (record: AuditRecord) => string | null = senderKindIn,
): string {
  return csvRowList(records, senderKindOf).join('');
}

/** The sender kind a message record names itself (`data.senderKind`), else null. */
export function senderKindIn(record: AuditRecord): string | null {
  const kind = record.data['senderKind'];
  return typeof kind === 'string' ? kind : null;
}

function stringField(data: Record<string, unknown>, key: string): string {
  const value = data[key];
  return typeof value === 'string' ? value : '';
}
