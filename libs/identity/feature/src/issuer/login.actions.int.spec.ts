import {
  identityAccessPersistence,
  IDENTITY_SERVICE,
  issuerPersistence,
  PasswordHasher,
} from '@tidings/identity/data-access';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { ConflictError, ValidationError } from '@tidings/platform/errors';
import { openDatabase } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountActions } from './accounts.actions';
import { LoginActions } from './login.actions';

const PASSWORD = 'a long enough password';

describe.each(databaseFlavours)('local accounts and password sign-in on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let accounts: AccountActions;
  let login: LoginActions;
  let now = new Date('2026-05-01T08:00:00Z');
  const attempt = (username: string, password: string) =>
    login.attempt({ username, password, ip: '192.0.2.7', clientId: 'tidings-web' });

  async function events(type: string) {
    const rows: Array<{ envelope: string }> = await dataSource.query(
      `SELECT envelope FROM identity_outbox WHERE event_type = '${type}' ORDER BY id`,
    );
    return rows.map(
      (r) => JSON.parse(r.envelope) as { key: string; data: Record<string, unknown> },
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [...identityAccessPersistence.entities, ...issuerPersistence.entities],
      migrations: [...identityAccessPersistence.migrations, ...issuerPersistence.migrations],
    }));
    const runner = new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE);
    const hasher = new PasswordHasher();
    accounts = new AccountActions(dataSource, runner, hasher);
    login = new LoginActions(
      dataSource,
      runner,
      hasher,
      { maxAttempts: 5, lockMinutes: 15 },
      { clock: () => now },
    );
    for (const name of ['Carol', 'dave', 'erin', 'frank']) {
      await accounts.create({ username: name, password: PASSWORD, roles: ['user'] });
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  it('creates accounts with lower-cased unique names, refusing bad input', async () => {
    expect((await accounts.findByUsername('CAROL'))?.username).toBe('carol');
    await expect(
      accounts.create({ username: 'carol', password: PASSWORD, roles: ['user'] }),
    ).rejects.toThrow(ConflictError);
    const invalid = accounts.create({ username: 'has space', password: 'short', roles: ['root'] });
    await expect(invalid).rejects.toThrow(ValidationError);
    await expect(invalid).rejects.toMatchObject({
      issues: [{ path: 'username' }, { path: 'password' }, { path: 'roles' }],
    });
    expect(await accounts.countAdmins()).toBe(0);
    await accounts.create({ username: 'root', password: PASSWORD, roles: ['user', 'admin'] });
    expect(await accounts.countAdmins()).toBe(1);
  });

  it('signs in with the right password and records it', async () => {
    const outcome = await attempt('  Carol ', PASSWORD);
    expect(outcome).toMatchObject({ ok: true, username: 'carol' });
    const [event] = (await events('identity.login.succeeded')).slice(-1);
    expect(event!.data).toMatchObject({
      username: 'carol',
      method: 'password',
      clientId: 'tidings-web',
      ip: '192.0.2.7',
    });
  });

  it('locks after five wrong passwords, refuses the right one while locked, then lets in', async () => {
    for (let i = 1; i <= 4; i++) {
      expect(await attempt('dave', `wrong ${i}`)).toEqual({
        ok: false,
        reason: 'wrong_credentials',
      });
    }
    expect(await attempt('dave', 'wrong 5')).toEqual({ ok: false, reason: 'locked', minutes: 15 });
    expect(await attempt('dave', PASSWORD)).toEqual({ ok: false, reason: 'locked', minutes: 15 });
    now = new Date(now.getTime() + 10 * 60_000);
    expect(await attempt('dave', PASSWORD)).toEqual({ ok: false, reason: 'locked', minutes: 5 });
    now = new Date(now.getTime() + 5 * 60_000);
    expect(await attempt('dave', PASSWORD)).toMatchObject({ ok: true });

    const failed = (await events('identity.login.failed')).filter((e) => e.key === 'dave');
    expect(failed.map((e) => [e.data['reason'], e.data['lockedNow']])).toEqual([
      ...Array.from({ length: 4 }, () => ['bad_password', false]),
      ['bad_password', true],
      ['locked', false],
      ['locked', false],
    ]);
  });

  it('resets the count on success', async () => {
    for (let i = 0; i < 4; i++) await attempt('erin', 'nope');
    expect(await attempt('erin', PASSWORD)).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) await attempt('erin', 'nope');
    expect(await attempt('erin', PASSWORD)).toMatchObject({ ok: true }); // not locked: 4 + 4
  });

  it('answers a made-up name exactly like a real one, lock included', async () => {
    for (let i = 1; i <= 4; i++) {
      expect(await attempt('ghost', PASSWORD)).toEqual({ ok: false, reason: 'wrong_credentials' });
    }
    expect(await attempt('ghost', PASSWORD)).toEqual({ ok: false, reason: 'locked', minutes: 15 });
    const failed = (await events('identity.login.failed')).filter((e) => e.key === 'ghost');
    expect(failed.map((e) => e.data['reason'])).toEqual(Array(5).fill('unknown_user'));
  });

  it('refuses a disabled account like a wrong password', async () => {
    await dataSource.transaction((m) =>
      m.query(
        `UPDATE identity_accounts SET disabled = ${flavour === 'postgres' ? 'true' : '1'} WHERE username = 'frank'`,
      ),
    );
    expect(await attempt('frank', PASSWORD)).toEqual({ ok: false, reason: 'wrong_credentials' });
    const [event] = (await events('identity.login.failed')).filter((e) => e.key === 'frank');
    expect(event!.data['reason']).toBe('disabled');
  });

  it('locks exactly once under concurrent wrong passwords', async () => {
    await accounts.create({ username: 'grace', password: PASSWORD, roles: ['user'] });
    const outcomes = await Promise.all(Array.from({ length: 7 }, () => attempt('grace', 'wrong')));
    const failed = (await events('identity.login.failed')).filter((e) => e.key === 'grace');
    expect(failed.filter((e) => e.data['lockedNow'] === true)).toHaveLength(1);
    expect(outcomes.some((o) => !o.ok && o.reason === 'locked')).toBe(true);
    expect(await attempt('grace', PASSWORD)).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('never puts a password into an event', async () => {
    const all: Array<{ envelope: string }> = await dataSource.query(
      `SELECT envelope FROM identity_outbox`,
    );
    const text = all.map((r) => r.envelope).join('\n');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('wrong 5');
  });
});
