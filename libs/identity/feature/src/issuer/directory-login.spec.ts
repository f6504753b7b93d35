import type { EventEnvelope } from '@tidings/contracts';
import {
  AccountExistsError,
  PasswordHasher,
  type Account,
  type AccountRepository,
  type LoginState,
  type NewAccount,
} from '@tidings/identity/data-access';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import type { EntityManager } from 'typeorm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExternalAccount, ExternalPasswordCheck } from './external-password-check';
import { LoginActions } from './login.actions';

/**
 * The sign-in branches with the directory behind identity's port, faked: accounts in memory,
 * a runner that records the events of each "transaction". The real database and the real
 * slapd are exercised by directory-login.int.spec.ts and apps/tidings-e2e ldap-login.
 */
const CAROL_ID = '6f1c2a4e-0000-4000-8000-00000000ca01';
const LDAP_PASSWORD = 'carol-ldap-password';
const policy = { maxAttempts: 5, lockMinutes: 15 };

class MemoryAccounts implements AccountRepository {
  readonly rows = new Map<string, Account>();
  async findById(id: string) {
    return this.copy(this.rows.get(id));
  }
  async findByUsername(username: string) {
    return this.copy([...this.rows.values()].find((a) => a.username === username));
  }
  findByUsernameForUpdate(username: string) {
    return this.findByUsername(username);
  }
  async insert(account: NewAccount): Promise<Account> {
    if (this.rows.has(account.id) || (await this.findByUsername(account.username)))
      throw new AccountExistsError(account.username);
    const now = new Date();
    const row: Account = {
      ...account,
      source: account.source ?? 'local',
      failedAttempts: 0,
      lockedUntil: null,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    this.rows.set(row.id, row);
    return { ...row };
  }
  async saveLoginState(id: string, state: LoginState) {
    Object.assign(this.rows.get(id) ?? {}, state);
  }
  async saveProfile(id: string, profile: Pick<Account, 'username' | 'displayName'>) {
    Object.assign(this.rows.get(id) ?? {}, profile);
  }
  async replacePassword(id: string, passwordHash: string) {
    Object.assign(this.rows.get(id) ?? {}, { passwordHash, failedAttempts: 0, lockedUntil: null });
  }
  async countWithRole() {
    return 0;
  }
  private copy(account: Account | undefined) {
    return account ? { ...account } : undefined;
  }
}

/** The directory behind the port: one person, and a switch to take it down. */
class FakeDirectory implements ExternalPasswordCheck {
  down = false;
  person: ExternalAccount = {
    username: 'Carol',
    displayName: 'Carol Chen',
    email: 'carol@corp.example',
    userId: CAROL_ID,
  };
  readonly verify = vi.fn(async (username: string, password: string) => {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:13389');
    const match = username === this.person.username.toLowerCase() && password === LDAP_PASSWORD;
    return match ? { ...this.person } : undefined;
  });
}

describe('signing in with a directory password (LDAP bind behind the port)', () => {
  let accounts: MemoryAccounts;
  let directory: FakeDirectory;
  let hasher: PasswordHasher;
  let events: Array<{ type: string; data: Record<string, unknown> }>;
  let warnings: string[];
  let now: Date;
  let login: LoginActions;

  const runner: TransactionRunner = {
    run: (work) => {
      const tx: Tx = {
        manager: {} as EntityManager,
        publish: (contract, event) => {
          events.push({ type: contract.type, data: event.data as Record<string, unknown> });
          return {} as EventEnvelope;
        },
      };
      return work(tx);
    },
  };
  const make = (external?: ExternalPasswordCheck) =>
    new LoginActions({ manager: {} as EntityManager }, runner, hasher, policy, {
      clock: () => now,
      accounts: () => accounts,
      logger: { warn: (line: string) => warnings.push(line) },
      ...(external ? { external } : {}),
    });
  const attempt = (username: string, password: string, actions = login) =>
    actions.attempt({ username, password, ip: '192.0.2.9', clientId: 'tidings-web' });
  const failures = () =>
    events.filter((e) => e.type === 'identity.login.failed').map((e) => e.data['reason']);

  beforeEach(() => {
    accounts = new MemoryAccounts();
    directory = new FakeDirectory();
    hasher = new PasswordHasher();
    // argon2 itself is proven in password-hasher.spec.ts; here only whether it was consulted.
    vi.spyOn(hasher, 'verifyUnknown').mockResolvedValue(false);
    events = [];
    warnings = [];
    now = new Date('2026-06-01T09:00:00Z');
    login = make(directory);
  });

  it('creates an ldap account with the directory user id on first success, and refreshes it', async () => {
    expect(await attempt('  CAROL ', LDAP_PASSWORD)).toEqual({
      ok: true,
      accountId: CAROL_ID,
      username: 'carol',
    });
    expect(directory.verify).toHaveBeenCalledWith('carol', LDAP_PASSWORD);
    const created = accounts.rows.get(CAROL_ID);
    expect(created).toMatchObject({
      id: CAROL_ID,
      username: 'carol',
      displayName: 'Carol Chen',
      roles: ['user'],
      source: 'ldap',
      passwordHash: null,
    });
    expect(events.at(-1)).toEqual({
      type: 'identity.login.succeeded',
      data: expect.objectContaining({ userId: CAROL_ID, username: 'carol', method: 'ldap' }),
    });

    directory.person = { ...directory.person, displayName: '陈卡罗' };
    expect(await attempt('carol', LDAP_PASSWORD)).toMatchObject({ ok: true, accountId: CAROL_ID });
    expect(accounts.rows.size).toBe(1);
    expect(accounts.rows.get(CAROL_ID)?.displayName).toBe('陈卡罗');
    expect(JSON.stringify([...accounts.rows.values(), events, warnings])).not.toContain(
      LDAP_PASSWORD,
    );
  });

  it('counts wrong directory passwords toward the lockout, on the account row', async () => {
    await attempt('carol', LDAP_PASSWORD);
    for (let i = 1; i <= 4; i++) {
      expect(await attempt('carol', `wrong ${i}`)).toEqual({
        ok: false,
        reason: 'wrong_credentials',
      });
    }
    expect(accounts.rows.get(CAROL_ID)?.failedAttempts).toBe(4);
    expect(await attempt('carol', 'wrong 5')).toEqual({ ok: false, reason: 'locked', minutes: 15 });
    expect(failures()).toEqual(Array(5).fill('bad_password'));
    expect(events.filter((e) => e.data['lockedNow'] === true)).toHaveLength(1);
  });

  it('locks a directory name that has no account yet like an unknown one, in memory', async () => {
    for (let i = 1; i <= 4; i++) await attempt('carol', 'wrong');
    expect(await attempt('carol', 'wrong')).toEqual({ ok: false, reason: 'locked', minutes: 15 });
    expect(accounts.rows.size).toBe(0);
    expect(failures()).toEqual(Array(5).fill('unknown_user'));
  });

  it('refuses a locked account without binding, even with the right password', async () => {
    await attempt('carol', LDAP_PASSWORD);
    for (let i = 1; i <= 5; i++) await attempt('carol', 'wrong');
    directory.verify.mockClear();
    expect(await attempt('carol', LDAP_PASSWORD)).toEqual({
      ok: false,
      reason: 'locked',
      minutes: 15,
    });
    expect(directory.verify).not.toHaveBeenCalled();
    expect(failures().at(-1)).toBe('locked');

    // A name locked in memory is not sent to the directory either.
    for (let i = 1; i <= 5; i++) await attempt('mallory', 'guess');
    directory.verify.mockClear();
    expect(await attempt('mallory', 'guess')).toMatchObject({ reason: 'locked' });
    expect(directory.verify).not.toHaveBeenCalled();

    now = new Date(now.getTime() + 15 * 60_000);
    expect(await attempt('carol', LDAP_PASSWORD)).toMatchObject({ ok: true });
  });

  it('tells a directory outage apart from a wrong password and counts nothing', async () => {
    await attempt('carol', LDAP_PASSWORD);
    await attempt('carol', 'wrong');
    const eventsBefore = events.length;
    directory.down = true;
    for (let i = 0; i < 6; i++) {
      expect(await attempt('carol', LDAP_PASSWORD)).toEqual({
        ok: false,
        reason: 'directory_unavailable',
      });
      expect(await attempt('newcomer', 'whatever')).toEqual({
        ok: false,
        reason: 'directory_unavailable',
      });
    }
    expect(accounts.rows.get(CAROL_ID)?.failedAttempts).toBe(1);
    expect(events).toHaveLength(eventsBefore);
    expect(warnings[0]).toMatch(/"carol".*directory unavailable.*ECONNREFUSED/);
    expect(warnings.join('\n')).not.toContain(LDAP_PASSWORD);

    directory.down = false;
    expect(await attempt('carol', LDAP_PASSWORD)).toMatchObject({ ok: true });
    expect(await attempt('newcomer', 'whatever')).toEqual({
      ok: false,
      reason: 'wrong_credentials',
    });
  });

  it('never accepts a local account without a hash, and never lets the directory take it', async () => {
    await accounts.insert({
      id: '0b8f6c3a-0000-4000-8000-0000000000ad',
      username: 'carol',
      displayName: 'Local Carol',
      roles: ['user', 'admin'],
      passwordHash: null,
    });
    // Even a hasher that accepted anything must not get the chance.
    const verify = vi.spyOn(hasher, 'verify').mockResolvedValue(true);
    for (const actions of [login, make()]) {
      for (const password of ['', LDAP_PASSWORD, 'anything at all']) {
        expect(await attempt('carol', password, actions)).toMatchObject({ ok: false });
      }
    }
    expect(verify).not.toHaveBeenCalled();
    expect(directory.verify).not.toHaveBeenCalled();
    expect(failures().slice(0, 3)).toEqual(Array(3).fill('bad_password'));
  });

  it('checks a local account with a hash locally, never at the directory', async () => {
    const hash = await hasher.hash('local password 123');
    await accounts.insert({
      id: '0b8f6c3a-0000-4000-8000-0000000000a1',
      username: 'carol',
      displayName: 'Local Carol',
      roles: ['user'],
      passwordHash: hash,
    });
    expect(await attempt('carol', LDAP_PASSWORD)).toEqual({
      ok: false,
      reason: 'wrong_credentials',
    });
    expect(await attempt('carol', 'local password 123')).toMatchObject({
      ok: true,
      accountId: '0b8f6c3a-0000-4000-8000-0000000000a1',
    });
    expect(directory.verify).not.toHaveBeenCalled();
    expect(events.at(-1)?.data['method']).toBe('password');
  });

  it('refuses a right password of someone the directory has not synced yet', async () => {
    directory.person = { ...directory.person, userId: null };
    expect(await attempt('carol', LDAP_PASSWORD)).toEqual({ ok: false, reason: 'not_provisioned' });
    expect(accounts.rows.size).toBe(0);
  });

  it('refuses a disabled account without binding', async () => {
    await attempt('carol', LDAP_PASSWORD);
    accounts.rows.get(CAROL_ID)!.disabled = true;
    directory.verify.mockClear();
    expect(await attempt('carol', LDAP_PASSWORD)).toEqual({
      ok: false,
      reason: 'wrong_credentials',
    });
    expect(directory.verify).not.toHaveBeenCalled();
    expect(failures()).toEqual(['disabled']);
  });

  it('refuses a person Tidings has deactivated though the directory still accepts them', async () => {
    // The directory re-enabled carol, but identity has not applied the reactivation yet.
    let active = false;
    const scopes: unknown[] = [];
    const withStanding = new LoginActions(
      { manager: {} as EntityManager },
      runner,
      hasher,
      policy,
      {
        clock: () => now,
        accounts: () => accounts,
        external: directory,
        standing: async (accountId, scope) => {
          scopes.push(scope);
          return accountId === CAROL_ID
            ? { active, sessionsRevokedAt: now.getTime(), statusChangedAt: now.getTime() }
            : undefined;
        },
      },
    );
    expect(await attempt('carol', LDAP_PASSWORD, withStanding)).toEqual({
      ok: false,
      reason: 'wrong_credentials',
    });
    expect(failures()).toEqual(['disabled']);
    expect(scopes.every((s) => s !== undefined)).toBe(true); // read inside the transaction
    active = true;
    expect(await attempt('carol', LDAP_PASSWORD, withStanding)).toMatchObject({ ok: true });
  });

  it('follows a rename at the directory, and refuses a name now held by another person', async () => {
    await attempt('carol', LDAP_PASSWORD);
    directory.person = { ...directory.person, username: 'carol.chen' };
    expect(await attempt('carol.chen', LDAP_PASSWORD)).toEqual({
      ok: true,
      accountId: CAROL_ID,
      username: 'carol.chen',
    });
    expect(accounts.rows.get(CAROL_ID)?.username).toBe('carol.chen');

    directory.person = { ...directory.person, userId: '6f1c2a4e-0000-4000-8000-00000000beef' };
    expect(await attempt('carol.chen', LDAP_PASSWORD)).toEqual({
      ok: false,
      reason: 'not_provisioned',
    });
    expect(warnings.at(-1)).toMatch(/belongs to directory user 6f1c2a4e-.*ca01/);
  });

  it('refuses a directory account while no directory is configured', async () => {
    await attempt('carol', LDAP_PASSWORD);
    expect(await attempt('carol', LDAP_PASSWORD, make())).toEqual({
      ok: false,
      reason: 'wrong_credentials',
    });
    expect(failures()).toEqual(['disabled']);
  });
});
