import { randomUUID } from 'node:crypto';
import { isRole, type Role } from '@tidings/identity/domain';
import {
  AccountExistsError,
  accountRepository,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  type Account,
  type ManagerScope,
  type PasswordHasher,
} from '@tidings/identity/data-access';
import type { TransactionRunner } from '@tidings/platform/bus';
import { ConflictError, ValidationError, type FieldIssue } from '@tidings/platform/errors';

/** Lower-case letters, digits and `. _ @ -`, starting with a letter or digit; ≤ 64. */
const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** The stored form of a username (trimmed, lower-cased), or undefined if it cannot be one. */
export function normalizeUsername(raw: string): string | undefined {
  const name = raw.trim().toLowerCase();
  return USERNAME_PATTERN.test(name) ? name : undefined;
}

export interface NewAccountInput {
  username: string;
  password: string;
  roles: readonly string[];
  displayName?: string;
}

/** Creating local accounts (the CLI, the boot-time admin). */
export class AccountActions {
  constructor(
    private readonly reads: ManagerScope,
    private readonly runner: TransactionRunner,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(input: NewAccountInput): Promise<Account> {
    const issues: FieldIssue[] = [];
    const username = normalizeUsername(input.username);
    if (!username) {
      issues.push({
        path: 'username',
        message:
          'expected 1-64 characters: letters, digits, . _ @ -, starting with a letter or digit',
      });
    }
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      issues.push({
        path: 'password',
        message: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
      });
    } else if (input.password.length > MAX_PASSWORD_LENGTH) {
      issues.push({
        path: 'password',
        message: `must be at most ${MAX_PASSWORD_LENGTH} characters`,
      });
    }
    const badRoles = input.roles.filter((role) => !isRole(role));
    if (badRoles.length > 0 || input.roles.length === 0) {
      issues.push({
        path: 'roles',
        message: `expected one or more of user, admin, compliance, integration; got ${badRoles.join(', ') || 'none'}`,
      });
    }
    const displayName = (input.displayName ?? '').trim() || username || '';
    if (displayName.length > 200) {
      issues.push({ path: 'displayName', message: 'must be at most 200 characters' });
    }
    if (issues.length > 0 || !username) {
      throw new ValidationError('the account is not valid', issues, 'identity.account.invalid');
    }
    if (await accountRepository(this.reads).findByUsername(username)) throw exists(username);

    const passwordHash = await this.hasher.hash(input.password);
    const roles = [...new Set(input.roles)] as Role[];
    try {
      return await this.runner.run((tx) =>
        accountRepository(tx).insert({
          id: randomUUID(),
          username,
          displayName,
          roles,
          passwordHash,
        }),
      );
    } catch (error) {
      if (error instanceof AccountExistsError) throw exists(username);
      throw error;
    }
  }

  async countAdmins(): Promise<number> {
    return accountRepository(this.reads).countWithRole('admin');
  }

  async findByUsername(username: string): Promise<Account | undefined> {
    const name = normalizeUsername(username);
    return name ? accountRepository(this.reads).findByUsername(name) : undefined;
  }
}

function exists(username: string): ConflictError {
  return new ConflictError(
    'identity.account.exists',
    `an account named "${username}" already exists`,
  );
}
