import {
  MIGRATIONS_TABLE,
  openDatabase,
  parseDatabaseUrl,
  type PersistenceOptions,
} from '@tidings/platform/persistence';
import type { QueryRunner } from 'typeorm';
import { hostPersistence } from '@tidings/host';
import { convertValue } from './convert';
import { MigrateDataError } from './errors';
import { parentsFirst, tablesInDependencyOrder, type ForeignKey } from './order';
import { PostgresTarget, type TargetColumn } from './postgres-target';
import { SqliteSource, type SourceRow } from './sqlite-source';

export interface MigrateDataOptions {
  /** `sqlite:<path>` */
  from: string;
  /** `postgres://…` */
  to: string;
  /** Rows read and inserted at a time. */
  batch: number;
  /** Progress lines, for the operator. */
  log?: (line: string) => void;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface MigrateDataReport {
  /** Migrations this run applied to the target. */
  applied: string[];
  /** Per copied table, rows in the source and, after the commit, in the target. */
  tables: TableCount[];
  /** SQLite-only tables not copied (the search index). */
  skipped: string[];
  /** Sequences moved past the copied keys. */
  sequences: number;
  /** Every count matches. */
  ok: boolean;
}

/**
 * Copies an embedded SQLite database into a fresh PostgreSQL database (docs/operations.md
 * "Moving from embedded SQLite to PostgreSQL"): migrates the target with the host's own
 * migrations, refuses one that holds data, copies every service's tables in one transaction
 * (so a failure leaves the target as empty as it was, and the command can simply run again),
 * moves sequences past the copied keys, then counts both sides.
 */
export async function migrateData(options: MigrateDataOptions): Promise<MigrateDataReport> {
  const from = parseDatabaseUrl(options.from);
  if (from.kind !== 'sqlite')
    throw new MigrateDataError('migrate_data.bad_source', '--from: expected sqlite:<path>');
  const to = parseDatabaseUrl(options.to);
  if (to.kind !== 'postgres')
    throw new MigrateDataError('migrate_data.bad_target', '--to: expected postgres://…');
  const log = options.log ?? (() => undefined);
  const persistence = hostPersistence(options.to);

  const source = SqliteSource.open(from.path);
  try {
    refuseOtherVersion(source.appliedMigrations(), persistence);
    const seeds = await seededRows();
    const { dataSource, applied } = await openDatabase(persistence);
    try {
      if (applied.length > 0) log(`applied ${applied.length} migration(s) to the target`);
      const target = new PostgresTarget(dataSource);
      const columns = await target.columns();
      await refuseTargetWithData(target, [...columns.keys()], seeds);

      const { tables, skipped } = source.tables();
      const plan = tables.map((table) => planTable(table, source.columns(table), columns));
      const keys = await target.foreignKeys();
      const order = tablesInDependencyOrder(tables, keys);
      const counts = new Map(tables.map((t) => [t, source.count(t)]));

      const runner = dataSource.createQueryRunner();
      await runner.connect();
      let sequences = 0;
      try {
        await runner.startTransaction();
        // Only rows the migrations seeded are there (checked above): the source's replace them.
        for (const table of [...seeds.keys()].filter((t) => columns.has(t)))
          await runner.query(`DELETE FROM "${table}"`);
        for (const tablePlan of order.flatMap((t) => plan.filter((p) => p.table === t))) {
          const table = tablePlan.table;
          const copied = await copyTable(runner, source, target, tablePlan, {
            batch: options.batch,
            selfKeys: keys.filter((k) => k.table === table && k.references === table),
          });
          log(`copied ${table}: ${copied} row(s)`);
        }
        sequences = await target.resetSequences(runner, tables);
        await runner.commitTransaction();
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        throw error;
      } finally {
        await runner.release();
      }
      // Fresh planner statistics for the copied tables (the trigram search index among them).
      await dataSource.query('ANALYZE');

      const report: TableCount[] = [];
      for (const table of tables)
        report.push({ table, source: counts.get(table) ?? 0, target: await target.count(table) });
      return {
        applied,
        tables: report,
        skipped,
        sequences,
        ok: report.every((r) => r.source === r.target),
      };
    } finally {
      await dataSource.destroy();
    }
  } finally {
    source.close();
  }
}

/**
 * The source must be at this build's schema, so its tables and columns are the target's: an
 * older database is first brought up to date by starting the server on it once (or `tidings
 * migrate`), a newer one needs the newer build.
 */
function refuseOtherVersion(applied: string[], persistence: PersistenceOptions): void {
  const known = persistence.migrations.map((m) => m.name);
  const missing = known.filter((name) => !applied.includes(name));
  const unknown = applied.filter((name) => !known.includes(name));
  if (applied.length === 0)
    throw new MigrateDataError(
      'migrate_data.source_not_tidings',
      '--from: this SQLite database has no Tidings schema',
    );
  if (unknown.length > 0)
    throw new MigrateDataError(
      'migrate_data.source_newer',
      `--from: the database was migrated by a newer Tidings (${unknown[0]}…): run migrate-data of that version`,
    );
  if (missing.length > 0)
    throw new MigrateDataError(
      'migrate_data.source_outdated',
      `--from: ${missing.length} migration(s) pending (${missing[0]}…): run \`DATABASE_URL=sqlite:… tidings migrate\` on it first`,
    );
}

/**
 * Rows that a freshly migrated database already holds (the audit chain's head, the LDAP
 * settings row), found by migrating an in-memory database: a target holding only these is
 * empty for our purpose.
 */
async function seededRows(): Promise<Map<string, number>> {
  const { dataSource } = await openDatabase(hostPersistence('sqlite::memory:'));
  try {
    const tables = (await dataSource.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )) as Array<{ name: string }>;
    const seeds = new Map<string, number>();
    for (const { name } of tables) {
      const [{ n }] = (await dataSource.query(`SELECT count(*) AS n FROM "${name}"`)) as [
        { n: number },
      ];
      if (n > 0 && name !== MIGRATIONS_TABLE) seeds.set(name, n);
    }
    return seeds;
  } finally {
    await dataSource.destroy();
  }
}

async function refuseTargetWithData(
  target: PostgresTarget,
  tables: string[],
  seeds: Map<string, number>,
): Promise<void> {
  const holding: string[] = [];
  for (const table of tables) {
    const n = await target.count(table);
    if (n > (seeds.get(table) ?? 0)) holding.push(`${table} (${n})`);
  }
  if (holding.length > 0)
    throw new MigrateDataError(
      'migrate_data.target_not_empty',
      `--to: the target database already holds data in ${holding.slice(0, 5).join(', ')}${holding.length > 5 ? ', …' : ''}: migrate into a new, empty database`,
    );
}

interface TablePlan {
  table: string;
  /** The source's columns with the target's type of each. */
  columns: TargetColumn[];
}

function planTable(
  table: string,
  sourceColumns: string[],
  targetTables: Map<string, TargetColumn[]>,
): TablePlan {
  const targetColumns = targetTables.get(table);
  if (!targetColumns)
    throw new MigrateDataError(
      'migrate_data.table_unknown',
      `table ${table} of the SQLite database has no counterpart in PostgreSQL: its rows would be lost`,
    );
  const columns = sourceColumns.map((name) => {
    const column = targetColumns.find((c) => c.name === name);
    if (!column)
      throw new MigrateDataError(
        'migrate_data.column_unknown',
        `column ${table}.${name} of the SQLite database has no counterpart in PostgreSQL`,
      );
    return column;
  });
  return { table, columns };
}

async function copyTable(
  runner: QueryRunner,
  source: SqliteSource,
  target: PostgresTarget,
  plan: TablePlan,
  options: { batch: number; selfKeys: ForeignKey[] },
): Promise<number> {
  const names = plan.columns.map((c) => c.name);
  let batches: Iterable<SourceRow[]> = source.batches(plan.table, names, options.batch);
  if (options.selfKeys.length > 0) {
    // A tree (org units): all its rows, parents first, so each row's parent is already there.
    const rows = parentsFirst([...batches].flat(), options.selfKeys);
    batches = Array.from({ length: Math.ceil(rows.length / options.batch) }, (_, i) =>
      rows.slice(i * options.batch, (i + 1) * options.batch),
    );
  }
  let copied = 0;
  for (const batch of batches) {
    const values = batch.map((row) =>
      plan.columns.map((column) => {
        try {
          return convertValue(row[column.name] ?? null, column.type);
        } catch (error) {
          throw new MigrateDataError(
            'migrate_data.bad_value',
            `${plan.table}.${column.name}: ${(error as Error).message}`,
            error,
          );
        }
      }),
    );
    try {
      await target.insert(runner, plan.table, plan.columns, values);
    } catch (error) {
      throw new MigrateDataError(
        'migrate_data.insert_failed',
        `copying ${plan.table}: ${(error as Error).message}`,
        error,
      );
    }
    copied += batch.length;
  }
  return copied;
}
