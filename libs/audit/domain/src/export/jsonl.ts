import { canonicalJson } from '../canonical';
import type { AuditRecord } from '../record';

/**
 * One record per line in its RFC 8785 form — the very bytes its hash covers, plus `hash` — so
 * a reader can recompute each record's hash from the line alone (docs/compliance.md).
 */
export function jsonlLineList(records: readonly AuditRecord[]): string[] {
  return records.map((record) => `${canonicalJson(record)}\n`);
}

export function jsonlLines(records: readonly AuditRecord[]): string {
  return jsonlLineList(records).join('');
}
