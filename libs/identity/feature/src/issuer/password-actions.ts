import { randomUUID } from 'node:crypto';
import { passwordResetV1, sessionRevokedV1, type Actor } from '@tidings/contracts';
import {
  AccountExistsError,
  accountRepository,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  TypeOrmSubjectRepository,
  type Account,
  type PasswordHasher,
} from '@tidings/identity/data-access';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import { ConflictError, ValidationError, type FieldIssue } from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import { normalizeUsername } from './accounts.actions';
import { generatePassword } from './password-generator';

export interface SetPasswordInput {
  username: string;
  /** The new password; leave unset and pass `generate: true` to have one made. */
  password?: string;
  generate?: boolean;
  /** For a new account only (default: the username). */
  displayName?: string;
}

export interface SetPasswordResult {
  account: Account;
  /** True when the person had no local account and now has one. */
  created: boolean;
  /** The generated password, to show once; never stored or logged. */
  generatedPassword?: string;
  /** Identity ids whose sessions the reset revoked. */
  revokedUserIds: string[];
}

/** Asks whether the directory checks this person's password (LDAP); see ExternalPasswordCheck. */
export type DirectoryManages = (username: string) => Promise<boolean>;

/**
 * An administrator sets a person's sign-in password at the built-in issuer: creates their local
 * account when they have none, otherwise replaces the password (a reset), clears any lockout
 * and signs them out everywhere, so a stolen session does not outlive the reset. The account
 * write, the revocations and the events commit together.
 */
export class PasswordActions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runner: TransactionRunner,
    private readonly hasher: PasswordHasher,
    private readonly directoryManages: DirectoryManages = async () => false,
  ) {}

  async set(input: SetPasswordInput, actor: Actor): Promise<SetPasswordResult> {
    const { username, password, generated, displayName } = validate(input);
    const known = await accountRepository(this.dataSource).findByUsername(username);
    if (known?.source === 'ldap' || (!known && (await this.directoryManages(username)))) {
      throw directoryManaged(username);
    }
    // Hashing takes tens of milliseconds; on SQLite an open transaction holds the database.
    const passwordHash = await this.hasher.hash(password);
    const result = await this.runner
      .run(async (tx) => {
        const accounts = accountRepository(tx);
        const current = await accounts.findByUsernameForUpdate(username);
        if (current?.source === 'ldap') throw directoryManaged(username);
        if (!current) {
          const account = await accounts.insert({
            id: randomUUID(),
            username,
            displayName: displayName || username,
            roles: ['user'],
            passwordHash,
          });
          publishSet(tx, actor, account, { created: true, generated, revokedUserIds: [] });
          return { account, created: true, revokedUserIds: [] };
        }
        await accounts.replacePassword(current.id, passwordHash);
        const subjects = new TypeOrmSubjectRepository(this.dataSource).within(tx.manager);
        // The subject of this account's tokens (its id is the account's when it was free),
        // else the people of this name, as a directory deactivation finds them.
        const byId = await subjects.findByIdForUpdate(current.id);
        const targets = byId ? [byId] : await subjects.findUsersNamedForUpdate(username);
        const revokedUserIds: string[] = [];
        for (const subject of targets) {
          const revoked = await subjects.revokeSessions(subject.id, Date.now());
          revokedUserIds.push(subject.id);
          tx.publish(sessionRevokedV1, {
            key: subject.id,
            actor,
            data: { userId: subject.id, sessionVersion: revoked.sessionVersion, reason: 'admin' },
          });
        }
        publishSet(tx, actor, current, { created: false, generated, revokedUserIds });
        return { account: current, created: false, revokedUserIds };
      })
      .catch((error: unknown) => {
        // Two administrators creating the same account at once: the second one is told.
        if (error instanceof AccountExistsError) {
          throw new ConflictError(
            'identity.account.exists',
            `an account named "${username}" was just created; try again to reset its password`,
          );
        }
        throw error;
      });
    return generated ? { ...result, generatedPassword: password } : result;
  }
}

function publishSet(
  tx: Tx,
  actor: Actor,
  account: Account,
  data: { created: boolean; generated: boolean; revokedUserIds: string[] },
): void {
  tx.publish(passwordResetV1, {
    key: account.id,
    actor,
    data: { accountId: account.id, username: account.username, ...data },
  });
}

/** The CLI's rules (see AccountActions.create), and exactly one of `password` / `generate`. */
function validate(input: SetPasswordInput): {
  username: string;
  password: string;
  generated: boolean;
  displayName: string;
} {
  const issues: FieldIssue[] = [];
  const username = normalizeUsername(input.username);
  if (!username) {
    issues.push({
      path: 'username',
      message:
        'expected 1-64 characters: letters, digits, . _ @ -, starting with a letter or digit',
    });
  }
  const generated = input.generate === true;
  if (generated && input.password !== undefined) {
    issues.push({ path: 'password', message: 'give a password or ask to generate one, not both' });
  } else if (!generated && input.password === undefined) {
    issues.push({ path: 'password', message: 'give a password, or set generate to true' });
  } else if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    issues.push({
      path: 'password',
      message: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
    });
  } else if (input.password !== undefined && input.password.length > MAX_PASSWORD_LENGTH) {
    issues.push({ path: 'password', message: `must be at most ${MAX_PASSWORD_LENGTH} characters` });
  }
  const displayName = (input.displayName ?? '').trim();
  if (displayName.length > 200) {
    issues.push({ path: 'displayName', message: 'must be at most 200 characters' });
  }
  if (issues.length > 0 || !username) {
    throw new ValidationError('the password cannot be set', issues, 'identity.account.invalid');
  }
  return {
    username,
    password: generated ? generatePassword() : (input.password ?? ''),
    generated,
    displayName,
  };
}

function directoryManaged(username: string): ConflictError {
  return new ConflictError(
    'identity.account.directory_managed',
    `the directory (LDAP) checks the password of "${username}"; change it there`,
  );
}
