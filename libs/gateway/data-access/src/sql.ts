import type { DataSource, EntityManager } from 'typeorm';

export type Db = DataSource | EntityManager;

/** Hand-written SQL with `?` placeholders, numbered for PostgreSQL (hot path: no query builder). */
export class Sql {
  readonly pg: boolean;

  constructor(private readonly db: Db) {
    const options = 'manager' in db ? db.options : db.connection.options;
    this.pg = options.type === 'postgres';
  }

  /** Rows of a SELECT or of a statement with RETURNING, on either driver. */
  async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result: unknown = await this.db.query(this.numbered(sql), params);
    // TypeORM's PostgreSQL driver answers UPDATE/DELETE with [rows, affected].
    if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number')
      return Array.isArray(result[0]) ? (result[0] as T[]) : [];
    return Array.isArray(result) ? (result as T[]) : [];
  }

  /** Runs a statement (ask with RETURNING which rows it changed: SQLite does not say). */
  async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.db.query(this.numbered(sql), params);
  }

  static list(n: number): string {
    return Array.from({ length: n }, () => '?').join(', ');
  }

  static rows(n: number, columns: number): string {
    const row = `(${Sql.list(columns)})`;
    return Array.from({ length: n }, () => row).join(', ');
  }

  private numbered(sql: string): string {
    if (!this.pg) return sql;
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  }
}

/** PostgreSQL bigint arrives as a string; every number we store fits in 2^53. */
export function int(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
