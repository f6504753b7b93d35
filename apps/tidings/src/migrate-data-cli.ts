import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { DomainError } from '@tidings/platform/errors';
import { parseDatabaseUrl, redactDatabaseUrl } from '@tidings/platform/persistence';
import { auditKeyFileOf } from '@tidings/host';
import { migrateData, type MigrateDataReport } from './migrate-data/migrate-data';
import { secretKeyFileOf } from '@tidings/host';

interface MigrateDataCliOptions {
  from: string;
  to: string;
  batch: number;
}

function batchOption(value: string): number {
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('expected a number of rows (1 or more)');
  return Number(value);
}

/**
 * `tidings migrate-data --from sqlite:./data/tidings.db --to postgres://… [--batch 1000]`: moves
 * an embedded installation to PostgreSQL (docs/operations.md). Prints a table of row counts;
 * exits 1 when refused, on failure, or when a count differs.
 */
export function registerMigrateDataCommand(program: Command): void {
  program
    .command('migrate-data')
    .description(
      'copy every table of an embedded SQLite database into a new PostgreSQL database (stop the server first)',
    )
    .requiredOption('--from <url>', 'the SQLite database, sqlite:<path>')
    .requiredOption('--to <url>', 'the PostgreSQL database, postgres://… (new and empty)')
    .option('--batch <rows>', 'rows read and inserted at a time', batchOption, 1000)
    .action(async (options: MigrateDataCliOptions) => {
      const to = redactDatabaseUrl(options.to);
      let report: MigrateDataReport;
      try {
        report = await migrateData({ ...options, log: (line) => console.log(line) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        process.stderr.write(`tidings: ${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      console.log(countsTable(report));
      if (report.skipped.length > 0)
        console.log(
          `not copied (SQLite search index; PostgreSQL indexes messages itself): ${report.skipped.join(', ')}`,
        );
      if (!report.ok) {
        process.stderr.write(`tidings: row counts differ between the source and ${to}\n`);
        process.exitCode = 1;
        return;
      }
      console.log(
        `${to}: copied ${report.tables.length} table(s), ${report.sequences} sequence(s) reset`,
      );
      for (const line of nextSteps(options.from)) console.log(line);
    });
}

function countsTable(report: MigrateDataReport): string {
  const width = Math.max(5, ...report.tables.map((r) => r.table.length));
  const line = (a: string, b: string, c: string, d: string) =>
    `${a.padEnd(width)}  ${b.padStart(10)}  ${c.padStart(10)}  ${d}`;
  return [
    line('table', 'sqlite', 'postgres', ''),
    ...report.tables.map((r) =>
      line(r.table, String(r.source), String(r.target), r.source === r.target ? 'ok' : 'MISMATCH'),
    ),
  ].join('\n');
}

/**
 * What lived beside the SQLite file and is found there by default only in embedded mode: the
 * operator must point the PostgreSQL installation at it, or stored secrets, the audit
 * signatures and uploaded files are out of reach.
 */
function nextSteps(from: string): string[] {
  const target = parseDatabaseUrl(from);
  if (target.kind !== 'sqlite') return [];
  const dir = dirname(target.path);
  const steps: string[] = [];
  const secret = secretKeyFileOf(target.path);
  if (existsSync(secret))
    steps.push(
      `  TIDINGS_SECRET_KEY=<the content of ${secret}>  (stored secrets are sealed with it)`,
    );
  const auditKey = auditKeyFileOf(target.path);
  if (existsSync(auditKey))
    steps.push(`  AUDIT_SIGNING_KEY_FILE=${auditKey}  (the audit checkpoints are signed with it)`);
  for (const [variable, folder] of [
    ['FILES_DIR', 'files'],
    ['AUDIT_EXPORT_DIR', 'exports'],
  ] as const)
    if (existsSync(join(dir, folder))) steps.push(`  ${variable}=${join(dir, folder)}`);
  return steps.length === 0
    ? []
    : ['before starting Tidings on PostgreSQL, set (docs/operations.md):', ...steps];
}
