import { Command } from 'commander';
import {
  LdapSettingsService,
  ldapSyncFor,
  type DirectoryLdapOptions,
} from '@tidings/directory/feature';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { ConfigError, loadConfigOrExit } from '@tidings/platform/config';
import { ConflictError, DomainError } from '@tidings/platform/errors';
import { openDatabase } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { ldapEnvOf, ldapOptionsOf, tidingsConfigSchema, type TidingsConfig } from '@tidings/host';
import { resolveSecretKeys } from '@tidings/host';
import { hostPersistence } from '@tidings/host';

interface SyncOptions {
  dryRun?: boolean;
  confirm?: boolean;
  delta?: boolean;
  json?: boolean;
}

/**
 * The LDAP settings the server would use (API values over the environment); exits 78 with
 * what is missing when there are none, as for any configuration error.
 */
async function settingsInForce(
  config: TidingsConfig,
  dataSource: DataSource,
): Promise<DirectoryLdapOptions> {
  const fail = (message: string): never => {
    process.stderr.write(`tidings: ${message}\n`);
    process.exit(78);
  };
  try {
    const settings = new LdapSettingsService(dataSource, {
      ldap: ldapOptionsOf(config),
      ldapEnv: ldapEnvOf(config),
      secretKeys: resolveSecretKeys(config),
    });
    const ldap = await settings.effective();
    return (
      ldap ??
      fail(
        'no directory configured — set LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD and LDAP_BASE_DN (or use the admin API)',
      )
    );
  } catch (error) {
    if (error instanceof ConfigError) return fail(`invalid configuration — ${error.message}`);
    if (error instanceof DomainError) return fail(`directory settings: ${error.message}`);
    throw error;
  }
}

/** Exit codes a script can branch on. */
const EXIT = { succeeded: 0, failed: 1, refused: 3, running: 1, busy: 4 } as const;

/**
 * `tidings directory sync [--dry-run] [--confirm] [--delta] [--json]`: one sync now, with the same
 * configuration and safety rules as the server's scheduled runs. Its events go to the
 * directory outbox; the running server publishes them.
 */
export function registerDirectoryCommands(program: Command): void {
  const directory = program
    .command('directory')
    .description('the people directory (LDAP / Active Directory)');
  directory
    .command('sync')
    .description('sync people and departments from LDAP now and print the run report')
    .option('--dry-run', 'compute and print the changes without writing anything')
    .option('--confirm', 'accept deactivating more users than the circuit breaker allows')
    .option('--delta', 'read only entries changed since the last run (full when there is none)')
    .option('--json', 'print the report as JSON')
    .action(async (options: SyncOptions) => {
      const config = loadConfigOrExit(tidingsConfigSchema);
      const { dataSource } = await openDatabase(hostPersistence(config.DATABASE_URL));
      try {
        const ldap = await settingsInForce(config, dataSource);
        const sync = ldapSyncFor(
          dataSource,
          new OutboxTransactionRunner(dataSource, 'directory'),
          ldap,
        );
        const outcome = await sync
          .run({
            trigger: 'cli',
            dryRun: Boolean(options.dryRun),
            confirmMassDeactivation: Boolean(options.confirm),
            mode: options.delta ? 'delta' : 'full',
          })
          .catch((error: unknown) => {
            if (!(error instanceof ConflictError)) throw error;
            return undefined; // another process holds the sync lease
          });
        if (!outcome) {
          process.stderr.write('tidings: a directory sync is already running; try again later\n');
          process.exitCode = EXIT.busy;
          return;
        }
        const { run, plan } = outcome;
        if (options.json) {
          console.log(
            JSON.stringify(
              { run, ...(options.dryRun && plan ? { changes: plan.changes } : {}) },
              null,
              2,
            ),
          );
        } else {
          const dry = run.dryRun ? ' (dry run: nothing written)' : '';
          console.log(`${run.mode} sync ${run.status}${dry}`);
          for (const [kind, n] of Object.entries(run.counts))
            console.log(`  ${kind.padEnd(16)} ${n}`);
          for (const error of run.errors) console.log(`  error: ${error.dn} — ${error.message}`);
          if (run.reason) console.log(`  reason: ${run.reason}`);
        }
        process.exitCode = EXIT[run.status];
      } finally {
        await dataSource.destroy();
      }
    });
}
