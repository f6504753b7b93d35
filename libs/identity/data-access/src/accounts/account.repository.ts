import type { Role } from '@tidings/identity/domain';
import type { LoginState } from './lockout';

/**
 * Where an account's password is checked: `local` — its argon2id hash here; `ldap` — by a bind
 * at the directory (no hash is ever stored for it).
 */
export type AccountSource = 'local' | 'ldap';

/** An account of the built-in issuer. `id` is the `sub` of its tokens. */
export interface Account extends LoginState {
  id: string;
  /** Lower-cased. */
  username: string;
  displayName: string;
  roles: Role[];
  /** argon2id PHC string; null for `ldap` accounts (and never accepted by the local check). */
  passwordHash: string | null;
  source: AccountSource;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type NewAccount = Pick<
  Account,
  'id' | 'username' | 'displayName' | 'roles' | 'passwordHash'
> & {
  /** Defaults to `local`. */
  source?: AccountSource;
};

/**
 * Local accounts. Reads may run anywhere; writes run inside the identity service's
 * transaction (the repository is created from its `tx`), so a counter update and the
 * login event it explains commit together.
 */
export interface AccountRepository {
  findById(id: string): Promise<Account | undefined>;
  findByUsername(username: string): Promise<Account | undefined>;
  /**
   * Same, but the row stays locked until the transaction ends (PostgreSQL), so two
   * concurrent wrong passwords cannot both read "4 failures" and skip the lock.
   */
  findByUsernameForUpdate(username: string): Promise<Account | undefined>;
  /** Throws `AccountExistsError` when the username is taken. */
  insert(account: NewAccount): Promise<Account>;
  saveLoginState(id: string, state: LoginState): Promise<void>;
  /**
   * A new password for a local account (an administrator's set or reset): the hash replaces
   * the old one and the lockout state is cleared, so the person can sign in with it at once.
   */
  replacePassword(id: string, passwordHash: string): Promise<void>;
  /** Name and display name as the directory now has them (`ldap` accounts, at sign-in). */
  saveProfile(id: string, profile: Pick<Account, 'username' | 'displayName'>): Promise<void>;
  countWithRole(role: Role): Promise<number>;
}

export class AccountExistsError extends Error {
  constructor(readonly username: string) {
    super(`an account named "${username}" already exists`);
    this.name = 'AccountExistsError';
  }
}
