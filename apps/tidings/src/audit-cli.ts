import { InvalidArgumentError, type Command } from 'commander';
import { AUDIT_OWN_TYPES } from '@tidings/audit/domain';
import { auditParts, type AuditParts, type VerifyReport } from '@tidings/audit/feature';
import { loadConfigOrExit } from '@tidings/platform/config';
import { DomainError } from '@tidings/platform/errors';
import { openDatabase } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { auditOptionsOf, resolveAuditKeys } from '@tidings/host';
import { tidingsConfigSchema, type TidingsConfig } from '@tidings/host';
import { hostPersistence } from '@tidings/host';

/** The operator at the command line, as audit records name them. */
export const CLI_ACTOR = { kind: 'system', id: 'cli' } as const;

/** The audit service's parts on the database the server uses, for one command. */
export interface AuditCliSession extends AuditParts {
  config: TidingsConfig;
  dataSource: DataSource;
}

/** What a command of the `audit` group is given: a way to open a session, closed after. */
export interface AuditCliContext {
  withSession<T>(work: (session: AuditCliSession) => Promise<T>): Promise<T>;
}

/** Adds commands to the `audit` group (exports add `export` and `verify-export` this way). */
export type AuditCommands = (audit: Command, context: AuditCliContext) => void;

const context: AuditCliContext = {
  async withSession(work) {
    const config = loadConfigOrExit(tidingsConfigSchema);
    const { dataSource } = await openDatabase(hostPersistence(config.DATABASE_URL));
    try {
      const keys = resolveAuditKeys(config);
      // Said on stderr, so --json output stays parseable.
      for (const notice of keys.notices ?? []) process.stderr.write(`tidings: ${notice.message}\n`);
      const parts = auditParts(dataSource, keys, auditOptionsOf(config));
      return await work({ ...parts, config, dataSource });
    } finally {
      await dataSource.destroy();
    }
  },
};

function seqOption(value: string): number {
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError('expected a record seq (1 or more)');
  }
  return Number(value);
}

/**
 * `tidings audit …` (docs/compliance.md). `verify` recomputes the chain and the checkpoints in
 * the database the server uses, prints the outcome, records that it ran, and exits 1 when the
 * trail is broken — naming the first bad record.
 */
export function registerAuditCommands(program: Command, extensions: AuditCommands[] = []): Command {
  const audit = program.command('audit').description('the audit trail (compliance)');
  audit
    .command('verify')
    .description('recompute the hash chain and check the signed checkpoints; exit 1 if broken')
    .option('--from <seq>', 'first record to check (default 1)', seqOption)
    .option('--to <seq>', 'last record to check (default: the last one)', seqOption)
    .option('--json', 'print the report as JSON')
    .action(async (options: { from?: number; to?: number; json?: boolean }) => {
      try {
        const report = await context.withSession(async ({ verifier, writer }) => {
          const result = await verifier.verify({ from: options.from, to: options.to });
          await writer.recordOwn(AUDIT_OWN_TYPES.verifyPerformed, CLI_ACTOR, {
            from: result.from,
            to: result.to,
            ok: result.ok,
            checked: result.checked,
            checkpointsChecked: result.checkpointsChecked,
            firstBad: result.firstBad,
          });
          return result;
        });
        console.log(options.json ? JSON.stringify(report, null, 2) : describe(report));
        process.exitCode = report.ok ? 0 : 1;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        process.stderr.write(`tidings: ${error.message}\n`);
        process.exitCode = 2;
      }
    });
  for (const extend of extensions) extend(audit, context);
  return audit;
}

function describe(report: VerifyReport): string {
  const range = `records ${report.from}…${report.to}`;
  if (report.ok) {
    return `audit trail intact: ${range} — ${report.checked} record(s), ${report.checkpointsChecked} checkpoint(s) verified`;
  }
  const bad = report.firstBad;
  return [
    `audit trail BROKEN at record ${bad?.seq}: ${bad?.reason}`,
    `  ${bad?.detail}`,
    `  ${report.checked} record(s) and ${report.checkpointsChecked} checkpoint(s) before it verified (${range})`,
  ].join('\n');
}
