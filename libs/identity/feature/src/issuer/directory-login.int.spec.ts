import {
  identityAccessPersistence,
  IDENTITY_SERVICE,
  issuerPersistence,
  PasswordHasher,
} from '@tidings/identity/data-access';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { openDatabase } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExternalPasswordCheck } from './external-password-check';
import { LoginActions } from './login.actions';

/**
 * Directory sign-in on the real databases: the `ldap` account row, the counters under the
 * row lock (PostgreSQL) and the outbox. The directory itself is a stand-in here; the real
 * slapd is in apps/tidings-e2e/src/ldap-login.int.spec.ts.
 */
const PEOPLE: Record<string, { id: string; password: string }> = {
  carol: { id: '9e4f0d1b-0000-4000-8000-0000000c0001', password: 'carol-password' },
  lina: { id: '9e4f0d1b-0000-4000-8000-0000000c0002', password: 'lina-password' },
};
const directory: ExternalPasswordCheck = {
  async verify(username, password) {
    const person = PEOPLE[username];
    // A bind takes a moment: concurrent first sign-ins really overlap.
    await new Promise((r) => setTimeout(r, 20));
    return person && person.password === password
      ? { username, displayName: username.toUpperCase(), email: null, userId: person.id }
      : undefined;
  },
};

describe.each(databaseFlavours)('directory sign-in on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let login: LoginActions;
  const attempt = (username: string, password: string) =>
    login.attempt({ username, password, ip: null, clientId: 'tidings-web' });
  const count = async (sql: string) => Number((await dataSource.query(sql))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [...identityAccessPersistence.entities, ...issuerPersistence.entities],
      migrations: [...identityAccessPersistence.migrations, ...issuerPersistence.migrations],
    }));
    const runner = new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE);
    login = new LoginActions(
      dataSource,
      runner,
      new PasswordHasher(),
      {
        maxAttempts: 3,
        lockMinutes: 15,
      },
      { external: directory },
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  it('creates one ldap account however many first sign-ins race', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () => attempt('carol', PEOPLE['carol']!.password)),
    );
    expect(outcomes).toEqual(
      Array(4).fill({ ok: true, accountId: PEOPLE['carol']!.id, username: 'carol' }),
    );
    const rows: Array<{ id: string; source: string; password_hash: string | null }> =
      await dataSource.query(`SELECT id, source, password_hash FROM identity_accounts`);
    expect(rows).toEqual([{ id: PEOPLE['carol']!.id, source: 'ldap', password_hash: null }]);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM identity_outbox WHERE event_type = 'identity.login.succeeded'`,
      ),
    ).toBe(4);
  });

  it('locks the account row after wrong directory passwords, even concurrent ones', async () => {
    await attempt('lina', PEOPLE['lina']!.password);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => attempt('lina', 'nope')));
    expect(outcomes.some((o) => !o.ok && o.reason === 'locked')).toBe(true);
    expect(await attempt('lina', PEOPLE['lina']!.password)).toMatchObject({ reason: 'locked' });
    const locks = await count(
      `SELECT COUNT(*) AS n FROM identity_outbox WHERE event_type = 'identity.login.failed' AND envelope LIKE '%"lockedNow":true%'`,
    );
    expect(locks).toBe(1);
    const all: Array<{ envelope: string }> = await dataSource.query(
      `SELECT envelope FROM identity_outbox`,
    );
    expect(all.map((r) => r.envelope).join('\n')).not.toContain('lina-password');
  });
});
