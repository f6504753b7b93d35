import { isRole, type Role } from '@tidings/identity/domain';
import type { EntityManager } from 'typeorm';
import { AccountEntity, type AccountRow } from './account.entity';
import {
  AccountExistsError,
  type Account,
  type AccountRepository,
  type NewAccount,
} from './account.repository';
import type { LoginState } from './lockout';

/** Anything that carries an EntityManager: the DataSource, or a transaction's `tx`. */
export interface ManagerScope {
  manager: EntityManager;
}

/** The account repository bound to a DataSource (reads) or to a transaction (writes). */
export function accountRepository(scope: ManagerScope): AccountRepository {
  return new TypeOrmAccountRepository(scope.manager);
}

export class TypeOrmAccountRepository implements AccountRepository {
  constructor(private readonly manager: EntityManager) {}

  private get repo() {
    return this.manager.getRepository(AccountEntity);
  }

  async findById(id: string): Promise<Account | undefined> {
    return maybeAccount(await this.repo.findOneBy({ id }));
  }

  async findByUsername(username: string): Promise<Account | undefined> {
    return maybeAccount(await this.repo.findOneBy({ username }));
  }

  async findByUsernameForUpdate(username: string): Promise<Account | undefined> {
    // SQLite has no row locks, and needs none: its transactions are serialized
    // (platform/persistence sqlite-serial.ts).
    if (this.manager.connection.options.type !== 'postgres') return this.findByUsername(username);
    const row = await this.repo.findOne({
      where: { username },
      lock: { mode: 'pessimistic_write' },
    });
    return maybeAccount(row);
  }

  async insert(account: NewAccount): Promise<Account> {
    const now = new Date();
    const row: AccountRow = {
      id: account.id,
      username: account.username,
      displayName: account.displayName,
      roles: JSON.stringify(account.roles),
      passwordHash: account.passwordHash,
      source: account.source ?? 'local',
      failedAttempts: 0,
      lockedUntil: null,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.repo.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AccountExistsError(account.username);
      throw error;
    }
    return toAccount(row);
  }

  async saveLoginState(id: string, state: LoginState): Promise<void> {
    await this.repo.update(
      { id },
      {
        failedAttempts: state.failedAttempts,
        lockedUntil: state.lockedUntil,
        updatedAt: new Date(),
      },
    );
  }

  async replacePassword(id: string, passwordHash: string): Promise<void> {
    await this.repo.update(
      { id },
      { passwordHash, failedAttempts: 0, lockedUntil: null, updatedAt: new Date() },
    );
  }

  async saveProfile(id: string, profile: Pick<Account, 'username' | 'displayName'>): Promise<void> {
    await this.repo.update(
      { id },
      { username: profile.username, displayName: profile.displayName, updatedAt: new Date() },
    );
  }

  async countWithRole(role: Role): Promise<number> {
    // Roles are a short JSON array of known words; a LIKE on the quoted word is exact
    // (no role name is a substring of another in quotes) and works on both databases.
    return this.repo
      .createQueryBuilder('a')
      .where('a.roles LIKE :pattern', { pattern: `%"${role}"%` })
      .getCount();
  }
}

function maybeAccount(row: AccountRow | null): Account | undefined {
  return row ? toAccount(row) : undefined;
}

function toAccount(row: AccountRow): Account {
  const roles: unknown = JSON.parse(row.roles);
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: Array.isArray(roles) ? roles.filter(isRole) : [],
    passwordHash: row.passwordHash,
    source: row.source === 'ldap' ? 'ldap' : 'local',
    failedAttempts: row.failedAttempts,
    lockedUntil: row.lockedUntil,
    disabled: Boolean(row.disabled),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code;
  // 23505: PostgreSQL unique_violation; better-sqlite3 names the constraint kind.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
