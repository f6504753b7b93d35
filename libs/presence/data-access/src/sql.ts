import type { DataSource, EntityManager } from 'typeorm';

/** The data source, or a transaction's manager. */
export type Db = DataSource | EntityManager;

export const isPostgres = (db: Db) =>
  ('manager' in db ? db.options : db.connection.options).type === 'postgres';

/** Runs SQL written with `?` placeholders on either database; answers the rows. */
export async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  let n = 0;
  const text = isPostgres(db) ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  const result: unknown = await db.query(text, params);
  // TypeORM's PostgreSQL driver answers UPDATE/DELETE … RETURNING with [rows, affected].
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number')
    return Array.isArray(result[0]) ? (result[0] as T[]) : [];
  return Array.isArray(result) ? (result as T[]) : [];
}

export const list = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** bigint columns come back as strings from PostgreSQL. */
export const num = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
