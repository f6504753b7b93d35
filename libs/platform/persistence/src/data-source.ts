import { mkdirSync } from 'node:fs';
import { DataSource, type EntitySchema, type MigrationInterface } from 'typeorm';
import { parseDatabaseUrl, sqliteDirectoryOf, type DatabaseKind } from './database-url';
import {
  AUTOCHECKPOINT_BACKSTOP_PAGES,
  startSqliteCheckpointer,
  type SqliteCheckpointer,
} from './sqlite-checkpointer';
import { serializeSqliteAccess } from './sqlite-serial';

export type MigrationClass = new () => MigrationInterface;

export interface PersistenceOptions {
  /** `sqlite:<path>` or `postgres://…` */
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- schemas of different row types
  entities: EntitySchema<any>[];
  migrations: MigrationClass[];
  /** Log SQL (development only). */
  logSql?: boolean;
  /** PostgreSQL pool size per process. */
  poolSize?: number;
}

/**
 * All services record migrations in one table; each migration's class name starts with its
 * owning service (`MessagingCreateMessages…`), and table names carry the service prefix —
 * see docs/architecture.md "Who owns which tables".
 */
export const MIGRATIONS_TABLE = 'tidings_migrations';

export function createDataSource(options: PersistenceOptions): DataSource {
  const target = parseDatabaseUrl(options.url);
  const common = {
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    // Every change is an explicit migration; never let TypeORM alter a schema on its own.
    synchronize: false,
    migrationsRun: false,
    logging: options.logSql ? ('all' as const) : (['error'] as ['error']),
  };
  if (target.kind === 'sqlite') {
    const directory = sqliteDirectoryOf(target);
    if (directory) mkdirSync(directory, { recursive: true });
    return new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: target.path,
      // WAL lets readers proceed while one writer commits; a busy writer waits rather than
      // failing at once when another connection (the CLI, say) holds the lock.
      enableWAL: true,
      timeout: 5000,
      // Prepared statements kept by SQL text. Multi-row statements differ by their row count,
      // so the default 100 churned on a busy host and statements were prepared again.
      statementCacheSize: 500,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
        // SQLite's default page cache is 2 MB. The embedded host keeps every service in this
        // one file, and the gateway's per-user rows are written at random places in their
        // index: with the default, most of those pages had to be read back from the OS on
        // each write (realtime bench: a row insert cost ~10 µs). 64 MB holds the working set
        // of a small site; the memory is only taken as pages are used.
        db.pragma('cache_size = -65536');
      },
    });
  }
  return new DataSource({
    ...common,
    type: 'postgres',
    url: target.url,
    poolSize: options.poolSize ?? 10,
    applicationName: 'tidings',
  });
}

export function kindOf(dataSource: DataSource): DatabaseKind {
  return dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

export interface OpenedDatabase {
  dataSource: DataSource;
  /** Names of migrations applied by this call (empty when already up to date). */
  applied: string[];
}

/** Connects and brings the schema up to date. Safe to run on every boot. */
export async function openDatabase(options: PersistenceOptions): Promise<OpenedDatabase> {
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  try {
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    // Migrations ran alone; from here on flows interleave, so SQLite access is serialized.
    serializeSqliteAccess(dataSource);
    await checkpointInBackground(dataSource, options.url);
    return { dataSource, applied: ran.map((m) => m.name) };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** A file-backed SQLite database checkpoints on a worker thread until it is destroyed. */
async function checkpointInBackground(dataSource: DataSource, url: string): Promise<void> {
  const target = parseDatabaseUrl(url);
  if (target.kind !== 'sqlite' || target.path === ':memory:') return;
  await dataSource.query(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_BACKSTOP_PAGES}`);
  const checkpointer: SqliteCheckpointer = startSqliteCheckpointer(target.path);
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await checkpointer.stop();
    await destroy();
  };
}

export async function pendingMigrations(dataSource: DataSource): Promise<boolean> {
  return dataSource.showMigrations();
}

/** Cheap liveness query used by readiness checks. */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}
