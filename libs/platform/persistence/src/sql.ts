import type { DataSource, EntityManager } from 'typeorm';

/** What the repositories run their statements on: the data source, or a transaction's manager. */
export type Db = DataSource | EntityManager;

type Row = Record<string, unknown>;

/**
 * Hand-written SQL on both databases, for repositories whose hot paths are a few statements
 * each (messaging's send and unread counts, the gateway's fan-out, presence): written once with
 * `?` placeholders, numbered for PostgreSQL here.
 */
export class Sql {
  readonly pg: boolean;

  constructor(private readonly db: Db) {
    const options = 'manager' in db ? db.options : db.connection.options;
    this.pg = options.type === 'postgres';
  }

  /** Rows of a SELECT, or of an INSERT/UPDATE … RETURNING, on either driver. */
  async rows<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const result: unknown = await this.db.query(this.numbered(sql), params);
    // TypeORM's PostgreSQL driver answers UPDATE/DELETE with [rows, affected].
    if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number')
      return Array.isArray(result[0]) ? (result[0] as T[]) : [];
    return Array.isArray(result) ? (result as T[]) : [];
  }

  async one<T = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(sql, params))[0];
  }

  /**
   * Runs a statement. (Which rows it changed is asked with RETURNING: through TypeORM the
   * SQLite driver answers a plain UPDATE with the last insert id, not a count.)
   */
  async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.db.query(this.numbered(sql), params);
  }

  /** `?, ?, ?` for a list of n values. */
  static list(n: number): string {
    return Array.from({ length: n }, () => '?').join(', ');
  }

  /** `(?, ?), (?, ?)` for n rows of `columns` values. */
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

export function intOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : int(value);
}

/** A UNIQUE (or primary key) violation, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: unknown } } | undefined)?.driverError;
  const code = driver?.code ?? (error as { code?: unknown } | undefined)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** `items` in slices of at most `size` (multi-row statements stay under parameter limits). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
