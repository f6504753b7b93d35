import 'reflect-metadata';
import { Command } from 'commander';
import { loadConfigOrExit } from '@tidings/platform/config';
import {
  createDataSource,
  MIGRATIONS_TABLE,
  openDatabase,
  redactDatabaseUrl,
} from '@tidings/platform/persistence';
import { builtInIssuerUrl, registerIdentityCommands } from '@tidings/identity/feature';
import { cliConfigSchema, identityCliConfigSchema } from '@tidings/host';
import { registerAuditCommands } from './audit-cli';
import { registerDirectoryCommands } from './directory-cli';
import { registerWebhookCommands } from './webhook-cli';
import { registerAuditExportCommands } from './audit-export-cli';
import { registerMigrateDataCommand } from './migrate-data-cli';
import { hostPersistence } from '@tidings/host';
import { TIDINGS_VERSION } from '@tidings/host';

/**
 * `tidings` — the operator's command line. It reads the same configuration as the server
 * (environment + .env), so `tidings migrate` touches the database `npm start` uses.
 */
export function buildCli(): Command {
  const program = new Command('tidings')
    .description('Tidings — enterprise instant messaging with an integration bus')
    .version(TIDINGS_VERSION, '-v, --version', 'print the version')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });

  const migrate = program
    .command('migrate')
    .description('apply pending database migrations (the server also does this at boot)')
    .action(async () => {
      const config = loadConfigOrExit(cliConfigSchema);
      const { dataSource, applied } = await openDatabase(hostPersistence(config.DATABASE_URL));
      await dataSource.destroy();
      const target = redactDatabaseUrl(config.DATABASE_URL);
      console.log(
        applied.length === 0
          ? `${target}: schema is up to date`
          : `${target}: applied ${applied.length} migration(s)\n${applied.map((n) => `  ${n}`).join('\n')}`,
      );
    });

  migrate
    .command('status')
    .description('list migrations and whether each has been applied; exits 1 if any is pending')
    .action(async () => {
      const config = loadConfigOrExit(cliConfigSchema);
      const options = hostPersistence(config.DATABASE_URL);
      const dataSource = createDataSource(options);
      await dataSource.initialize();
      try {
        const table = MIGRATIONS_TABLE;
        const hasTable = await dataSource.createQueryRunner().hasTable(table);
        const done = new Set<string>(
          hasTable
            ? (await dataSource.query(`SELECT name FROM ${table}`)).map(
                (r: { name: string }) => r.name,
              )
            : [],
        );
        let pending = 0;
        for (const migration of options.migrations) {
          const applied = done.has(migration.name);
          if (!applied) pending++;
          console.log(`${applied ? '[x]' : '[ ]'} ${migration.name}`);
        }
        process.exitCode = pending > 0 ? 1 : 0;
      } finally {
        await dataSource.destroy();
      }
    });

  registerIdentityCommands(program, {
    openDatabase: async () => {
      const config = loadConfigOrExit(identityCliConfigSchema);
      return (await openDatabase(hostPersistence(config.DATABASE_URL))).dataSource;
    },
    issuer: () => {
      const config = loadConfigOrExit(identityCliConfigSchema);
      if (config.OIDC_ISSUER) return { external: config.OIDC_ISSUER };
      const publicUrl = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
      return { builtIn: { issuer: builtInIssuerUrl(publicUrl), audience: config.OIDC_AUDIENCE } };
    },
  });

  registerMigrateDataCommand(program);
  registerDirectoryCommands(program);
  registerWebhookCommands(program);
  // The `audit` group first: exports add their commands to it.
  registerAuditCommands(program);
  registerAuditExportCommands(program);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}
