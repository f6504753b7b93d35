import { userInfo } from 'node:os';
import { ROLES } from '@tidings/identity/domain';
import { IDENTITY_SERVICE, IssuerKeyStore, PasswordHasher } from '@tidings/identity/data-access';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import { Option, type Command } from 'commander';
import type { DataSource } from 'typeorm';
import { OperatorTokenActions } from '../issuer/access-token';
import { AccountActions } from '../issuer/accounts.actions';
import { readPasswordFromStdin } from './password-input';
import { parseTtl } from './ttl';

export interface IdentityCliContext {
  /** Opens the server's database, migrated. The command closes it. */
  openDatabase(): Promise<DataSource>;
  /** The built-in issuer's `iss`/`aud`, or the external issuer when OIDC_ISSUER is set. */
  issuer(): { builtIn: { issuer: string; audience: string } } | { external: string };
  readPassword?: () => Promise<string>;
  print?: (line: string) => void;
  note?: (line: string) => void;
}

/**
 * `tidings admin create`, `tidings user create`, `tidings token issue`: the operator's way to
 * bootstrap the built-in issuer. Passwords come only from standard input.
 */
export function registerIdentityCommands(program: Command, context: IdentityCliContext): void {
  const print = context.print ?? ((line) => process.stdout.write(`${line}\n`));
  const note = context.note ?? ((line) => process.stderr.write(`${line}\n`));
  const readPassword = context.readPassword ?? (() => readPasswordFromStdin());

  const createAccount = async (options: AccountOptions, roles: string[]) => {
    if (!options.passwordStdin) {
      throw new Error(
        'pass the password on standard input with --password-stdin (never as an argument)',
      );
    }
    const password = await readPassword();
    await withDatabase(context, async (dataSource) => {
      const accounts = new AccountActions(
        dataSource,
        new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE),
        new PasswordHasher(),
      );
      const account = await accounts.create({
        username: options.username,
        password,
        roles,
        ...(options.displayName ? { displayName: options.displayName } : {}),
      });
      print(
        `created account "${account.username}" (id ${account.id}) with roles ${account.roles.join(', ')}`,
      );
    });
  };

  const admin = program
    .command('admin')
    .description('manage administrators of the built-in issuer');
  admin
    .command('create')
    .description('create an administrator (roles user + admin); refuses an existing username')
    .requiredOption('--username <name>', 'login name (stored lower-case)')
    .option('--display-name <name>', 'name shown to others (default: the username)')
    .option('--password-stdin', 'read the password from standard input (at least 12 characters)')
    .action((options: AccountOptions) => createAccount(options, ['user', 'admin']));

  const user = program.command('user').description('manage local accounts of the built-in issuer');
  user
    .command('create')
    .description('create a local account; refuses an existing username')
    .requiredOption('--username <name>', 'login name (stored lower-case)')
    .addOption(new Option('--role <role...>', 'roles to grant (default: user)').choices(ROLES))
    .option('--display-name <name>', 'name shown to others (default: the username)')
    .option('--password-stdin', 'read the password from standard input (at least 12 characters)')
    .action((options: AccountOptions & { role?: string[] }) =>
      createAccount(options, options.role?.length ? options.role : ['user']),
    );

  const token = program.command('token').description('access tokens from the built-in issuer');
  token
    .command('issue')
    .description('print a short-lived access token for a user (built-in issuer only)')
    .requiredOption('--username <name>', 'the user the token acts as')
    .option('--ttl <duration>', 'lifetime, e.g. 15m, 1h (at most 24h)', '1h')
    .action(async (options: { username: string; ttl: string }) => {
      const issuer = context.issuer();
      if ('external' in issuer) {
        throw new Error(
          `token issue needs the built-in issuer, but OIDC_ISSUER is set (${issuer.external}); ` +
            'get tokens from that issuer instead',
        );
      }
      const ttlSeconds = parseTtl(options.ttl);
      await withDatabase(context, async (dataSource) => {
        const actions = new OperatorTokenActions(
          dataSource,
          new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE),
          new IssuerKeyStore(dataSource),
          issuer.builtIn,
        );
        const issued = await actions.issue({
          username: options.username,
          ttlSeconds,
          createdBy: operatorName(),
        });
        print(issued.token);
        note(
          `access token for "${issued.account.username}" (sub ${issued.account.id}), ` +
            `expires ${issued.expiresAt.toISOString()}`,
        );
      });
    });
}

interface AccountOptions {
  username: string;
  displayName?: string;
  passwordStdin?: boolean;
}

async function withDatabase(
  context: IdentityCliContext,
  work: (dataSource: DataSource) => Promise<void>,
): Promise<void> {
  const dataSource = await context.openDatabase();
  try {
    await work(dataSource);
  } catch (error) {
    // Domain errors become one readable line: the message plus what was wrong with each field.
    if (error instanceof DomainError) {
      const issues = error.issues?.map((i) => `${i.path} ${i.message}`).join('; ');
      throw new Error(issues ? `${error.message}: ${issues}` : error.message, { cause: error });
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

function operatorName(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
