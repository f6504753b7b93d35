import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { MIGRATIONS_TABLE } from '@tidings/platform/persistence';
import { MigrateDataError } from './errors';
import type { SqliteValue } from './convert';

export type SourceRow = Record<string, SqliteValue>;

/**
 * Tables of the SQLite search index, which PostgreSQL does not have: its trigram index over
 * messaging_messages is maintained by PostgreSQL itself as the messages are inserted
 * (MessagingCreateSearch1764600001000). The FTS5 table's own shadow tables are found from
 * the schema; these are the plain tables that feed it.
 */
export const SQLITE_ONLY_TABLES = new Set(['messaging_search_docs', 'messaging_search_pending']);

/** The FTS5 shadow tables a virtual table `name` keeps its index in. */
const SHADOW_SUFFIXES = ['_data', '_idx', '_docsize', '_config', '_content'];

export interface SourceTables {
  /** Tables to copy, by name. */
  tables: string[];
  /** Tables left behind on purpose (the SQLite search index), with why. */
  skipped: string[];
}

/**
 * The embedded database, opened so that nothing else can use it while we read: locking mode
 * EXCLUSIVE makes the first transaction take an exclusive lock on the file and keep it until
 * close, and it is refused while any other connection (a running server, a CLI) has the file
 * open in WAL mode. So the copy is one consistent state, and a server started meanwhile waits
 * or fails rather than writing rows the copy would miss. Nothing is written.
 */
export class SqliteSource {
  private constructor(private readonly db: Database.Database) {}

  static open(path: string): SqliteSource {
    if (path === ':memory:' || !existsSync(path))
      throw new MigrateDataError(
        'migrate_data.source_missing',
        `--from: no SQLite database at ${path}`,
      );
    const db = new Database(path, { fileMustExist: true, timeout: 2000 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY'))
        throw new MigrateDataError(
          'migrate_data.source_in_use',
          `--from: ${path} is in use by another process: stop the Tidings server (and any tidings command) first`,
          error,
        );
      throw error;
    }
    return new SqliteSource(db);
  }

  /** Names of the migrations applied to this database. */
  appliedMigrations(): string[] {
    const exists = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(MIGRATIONS_TABLE);
    if (!exists) return [];
    return (
      this.db.prepare(`SELECT name FROM ${MIGRATIONS_TABLE}`).all() as Array<{ name: string }>
    ).map((r) => r.name);
  }

  /** Every table of every service, from the schema: minus SQLite's own and the migrations table. */
  tables(): SourceTables {
    const rows = this.db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as Array<{ name: string; sql: string | null }>;
    const virtual = rows
      .filter((r) => /^CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? ''))
      .map((r) => r.name);
    const isShadow = (name: string) =>
      virtual.some((v) => SHADOW_SUFFIXES.some((s) => name === `${v}${s}`));
    const tables: string[] = [];
    const skipped: string[] = [];
    for (const { name } of rows) {
      if (name.startsWith('sqlite_') || name === MIGRATIONS_TABLE) continue;
      if (virtual.includes(name) || isShadow(name) || SQLITE_ONLY_TABLES.has(name))
        skipped.push(name);
      else tables.push(name);
    }
    return { tables, skipped };
  }

  columns(table: string): string[] {
    return (this.db.pragma(`table_info(${quote(table)})`) as Array<{ name: string }>).map(
      (c) => c.name,
    );
  }

  count(table: string): number {
    const row = this.db.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number };
    return row.n;
  }

  /**
   * The table's rows in batches, in the order SQLite stores them. Integers as bigint: a
   * 64-bit value must not pass through a double.
   */
  *batches(table: string, columns: string[], size: number): Generator<SourceRow[]> {
    const statement = this.db
      .prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`)
      .safeIntegers(true);
    let batch: SourceRow[] = [];
    for (const row of statement.iterate() as Iterable<SourceRow>) {
      batch.push(row);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  close(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.db.close();
  }
}

export function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
