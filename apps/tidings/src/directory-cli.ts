import { Command } from 'commander';
import { LdapReader } from '@tidings/directory/data-access';
import { mappingFor } from '@tidings/directory/domain';
import { DirectorySync } from '@tidings/directory/feature';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { ConfigError, loadConfigOrExit } from '@tidings/platform/config';
import { openDatabase } from '@tidings/platform/persistence';
import { ldapOptionsOf, tidingsConfigSchema } from './config';
import { hostPersistence } from './persistence';

/** Exit codes a script can branch on. */
const EXIT = { succeeded: 0, failed: 1, refused: 3, running: 1 } as const;

/**
 * `tidings directory sync [--dry-run] [--confirm] [--json]`: one full sync now, with the same
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
    .option('--json', 'print the report as JSON')
    .action(async (options: { dryRun?: boolean; confirm?: boolean; json?: boolean }) => {
      const config = loadConfigOrExit(tidingsConfigSchema);
      let ldap;
      try {
        ldap = ldapOptionsOf(config);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        process.stderr.write(`tidings: invalid configuration — ${error.message}\n`);
        process.exit(78);
      }
      if (!ldap) {
        process.stderr.write(
          'tidings: no directory configured — set LDAP_URL, LDAP_BIND_DN, LDAP_BIND_PASSWORD and LDAP_BASE_DN\n',
        );
        process.exit(78);
      }
      const { dataSource } = await openDatabase(hostPersistence(config.DATABASE_URL));
      try {
        const sync = new DirectorySync(
          dataSource,
          new OutboxTransactionRunner(dataSource, 'directory'),
          new LdapReader(ldap.connection, mappingFor(ldap.preset, ldap.overrides)),
          { maxDeactivationShare: ldap.maxDeactivationShare },
        );
        const { run, plan } = await sync.run({
          trigger: 'cli',
          dryRun: Boolean(options.dryRun),
          confirmMassDeactivation: Boolean(options.confirm),
        });
        if (options.json) {
          console.log(
            JSON.stringify(
              { run, ...(options.dryRun && plan ? { changes: plan.changes } : {}) },
              null,
              2,
            ),
          );
        } else {
          console.log(`sync ${run.status}${run.dryRun ? ' (dry run: nothing written)' : ''}`);
          for (const [kind, n] of Object.entries(run.counts))
            console.log(`  ${kind.padEnd(11)} ${n}`);
          if (run.reason) console.log(`  reason: ${run.reason}`);
        }
        process.exitCode = EXIT[run.status];
      } finally {
        await dataSource.destroy();
      }
    });
}
