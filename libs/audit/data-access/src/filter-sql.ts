import type { AuditFilter } from './audit-store';

/**
 * The WHERE clause of a filter, with `?` placeholders (Sql numbers them for PostgreSQL).
 * Types ending in `.*` match a prefix (`messaging.*`).
 */
export function whereOf(filter: AuditFilter): { clause: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const list = (values: readonly unknown[]) => {
    params.push(...values);
    return values.map(() => '?').join(', ');
  };
  if (filter.fromSeq !== undefined) {
    conditions.push('seq >= ?');
    params.push(filter.fromSeq);
  }
  if (filter.toSeq !== undefined) {
    conditions.push('seq <= ?');
    params.push(filter.toSeq);
  }
  if (filter.fromMs !== undefined) {
    conditions.push('occurred_ms >= ?');
    params.push(filter.fromMs);
  }
  if (filter.toMs !== undefined) {
    conditions.push('occurred_ms < ?');
    params.push(filter.toMs);
  }
  if (filter.users && filter.users.length > 0) {
    conditions.push(
      `seq IN (SELECT seq FROM audit_record_subjects WHERE user_id IN (${list(filter.users)}))`,
    );
  }
  if (filter.conversations && filter.conversations.length > 0) {
    conditions.push(`conversation_id IN (${list(filter.conversations)})`);
  }
  if (filter.types && filter.types.length > 0) {
    const exact = filter.types.filter((t) => !t.endsWith('.*'));
    const prefixes = filter.types.filter((t) => t.endsWith('.*'));
    const alternatives: string[] = [];
    if (exact.length > 0) alternatives.push(`type IN (${list(exact)})`);
    for (const prefix of prefixes) {
      alternatives.push("type LIKE ? ESCAPE '\\'");
      params.push(`${escapeLike(prefix.slice(0, -1))}%`);
    }
    conditions.push(`(${alternatives.join(' OR ')})`);
  }
  if (filter.q !== undefined && filter.q !== '') {
    // data is stored as JSON text: search for the text as JSON spells it (quotes escaped).
    const spelled = JSON.stringify(filter.q.toLowerCase()).slice(1, -1);
    conditions.push("LOWER(data) LIKE ? ESCAPE '\\'");
    params.push(`%${escapeLike(spelled)}%`);
  }
  return { clause: conditions.length > 0 ? conditions.join(' AND ') : '1 = 1', params };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
