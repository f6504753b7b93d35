import type { DataSource, EntityManager } from 'typeorm';

/** What the repositories run their statements on: the data source, or a transaction's manager. */
export type Db = DataSource | EntityManager;

type Row = Record<string, unknown>;

/** What Sql.perRow needs of better-sqlite3 (the driver TypeORM holds for SQLite). */
interface NativeStatement {
  readonly reader: boolean;
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface NativeDatabase {
  prepare(sql: string): NativeStatement;
}
/** Prepared statements per connection, by SQL text (a hot path has a handful). */
const prepared = new WeakMap<NativeDatabase, Map<string, NativeStatement>>();

/** Rows per multi-row statement where perRow cannot run them one by one. */
const ROWS_PER_STATEMENT = 500;

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

  /**
   * The same statement for each row of `rows` (an INSERT, an upsert; with RETURNING, the rows
   * it returns, in order). On SQLite inside a transaction each row runs through one cached
   * prepared statement on the driver's connection: for a table with a unique key SQLite runs
   * that about 3× faster than one multi-row INSERT (30 rows: 62 vs 184 µs, measured here), and
   * it skips TypeORM's cost per call. Elsewhere — PostgreSQL, where round trips count, or
   * outside a transaction, where statements must queue (sqlite-serial.ts) — the rows go in
   * multi-row statements: `many(n)` is the statement for n rows.
   */
  async perRow<T = Row>(
    one: string,
    many: (rows: number) => string,
    rows: ReadonlyArray<readonly unknown[]>,
  ): Promise<T[]> {
    const native = this.nativeInTransaction();
    if (!native) {
      const out: T[] = [];
      for (const part of chunk(rows, ROWS_PER_STATEMENT))
        out.push(...(await this.rows<T>(many(part.length), part.flat())));
      return out;
    }
    let statements = prepared.get(native);
    if (!statements) prepared.set(native, (statements = new Map()));
    let statement = statements.get(one);
    if (!statement) statements.set(one, (statement = native.prepare(one)));
    const out: T[] = [];
    for (const row of rows) {
      if (statement.reader) out.push(...(statement.all(...row) as T[]));
      else statement.run(...row);
    }
    return out;
  }

  /** better-sqlite3's connection, when this is a SQLite transaction's manager. */
  private nativeInTransaction(): NativeDatabase | undefined {
    if (this.pg || !('queryRunner' in this.db)) return undefined;
    const runner = this.db.queryRunner;
    if (!runner?.isTransactionActive) return undefined;
    const driver = runner.connection.driver as { databaseConnection?: NativeDatabase };
    return driver.databaseConnection;
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
