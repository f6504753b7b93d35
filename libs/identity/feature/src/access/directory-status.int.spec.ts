import { randomUUID } from 'node:crypto';
import { signInRefused } from '@tidings/identity/domain';
import {
  identityAccessPersistence,
  IDENTITY_SERVICE,
  issuerPersistence,
  PasswordHasher,
  TypeOrmApiTokenRepository,
  TypeOrmSubjectRepository,
} from '@tidings/identity/data-access';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { openDatabase } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../auth/authenticator';
import type { TokenVerifier, VerifiedAccessToken } from '../auth/token-verifier';
import { AccountActions } from '../issuer/accounts.actions';
import { subjectStandings, type StandingLookup } from '../issuer/issuer-standing';
import { LoginActions } from '../issuer/login.actions';
import { IdentityActions } from './identity-actions';

/**
 * Deactivation and reactivation on the real databases: the subject row, its lock
 * (PostgreSQL), the outbox, the API's Authenticator and the built-in issuer's sign-in. The
 * token signature is not the point here, so the verifier is a stand-in that reads the claims
 * from the "token" itself; the real issuer is in apps/tidings-e2e/src/reactivation.int.spec.ts.
 */
const ISSUER = 'http://127.0.0.1:9/oidc';
const SYNC = { kind: 'system', id: 'ldap-sync' } as const;
const PASSWORD = 'a long enough password';

const verifier = {
  verify: async (token: string) => JSON.parse(token) as VerifiedAccessToken,
} as unknown as TokenVerifier;

/** A "token" for `sub`, issued at `issuedAt` (epoch seconds). */
const token = (sub: string, username: string, issuedAt: number) =>
  `Bearer ${JSON.stringify({ issuer: ISSUER, subject: sub, username, roles: ['user'], issuedAt, claims: {} })}`;

const seconds = (ms: number) => Math.floor(ms / 1000);

describe.each(databaseFlavours)('deactivation and reactivation on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let actions: IdentityActions;
  let auth: Authenticator;
  let subjects: TypeOrmSubjectRepository;
  let standing: StandingLookup;

  /** A person seen once by the API; their id is the uuid `sub`, as for issuer accounts. */
  async function person(username: string, sub: string = randomUUID()) {
    const principal = await auth.authenticate(token(sub, username, seconds(Date.now()) - 60));
    return { id: principal.userId, sub, username };
  }

  const refusal = (p: { sub: string; username: string }, issuedAt: number) =>
    auth.authenticate(token(p.sub, p.username, issuedAt)).then(
      () => 'accepted',
      (error: { code: string }) => error.code,
    );

  async function revokedEvents(userId: string) {
    const rows: Array<{ envelope: string }> = await dataSource.query(
      `SELECT envelope FROM identity_outbox WHERE event_type = 'identity.session.revoked' ORDER BY id`,
    );
    return rows
      .map((r) => JSON.parse(r.envelope) as { data: { userId: string; sessionVersion: number } })
      .filter((e) => e.data.userId === userId)
      .map((e) => e.data);
  }

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [...identityAccessPersistence.entities, ...issuerPersistence.entities],
      migrations: [...identityAccessPersistence.migrations, ...issuerPersistence.migrations],
    }));
    const runner = new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE);
    actions = new IdentityActions(dataSource, runner);
    subjects = new TypeOrmSubjectRepository(dataSource);
    auth = new Authenticator(verifier, subjects, new TypeOrmApiTokenRepository(dataSource), {
      jitProvisioning: true,
    });
    standing = subjectStandings(dataSource, ISSUER);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('refuses every token on deactivation; after reactivation only new ones work', async () => {
    const alice = await person('alice');
    const before = seconds(Date.now()) - 30;
    expect(await refusal(alice, before)).toBe('accepted');

    const deactivatedAt = Date.now();
    const [off] = await actions.deactivate(alice.id, 'alice', SYNC, deactivatedAt);
    expect(off).toMatchObject({ active: false, sessionVersion: 1, statusChangedAt: deactivatedAt });
    expect(await refusal(alice, before)).toBe('auth.user_deactivated');
    const after = seconds(off!.sessionsRevokedAt) + 1;
    expect(await refusal(alice, after)).toBe('auth.user_deactivated');

    const [on] = await actions.reactivate(alice.id, 'alice', SYNC, deactivatedAt + 5_000);
    // Only the deactivated state is cleared: the revocation and its version stay.
    expect(on).toMatchObject({
      active: true,
      sessionVersion: 1,
      sessionsRevokedAt: off!.sessionsRevokedAt,
    });
    expect(await refusal(alice, before)).toBe('auth.session_revoked');
    expect(await refusal(alice, after)).toBe('accepted');
    expect(await revokedEvents(alice.id)).toEqual([
      { userId: alice.id, sessionVersion: 1, reason: 'deactivated' },
    ]);

    // Redelivered, in either order: nothing changes, nothing is published.
    expect(await actions.deactivate(alice.id, 'alice', SYNC, deactivatedAt)).toEqual([]);
    expect(await actions.reactivate(alice.id, 'alice', SYNC, deactivatedAt + 5_000)).toEqual([]);
    expect(await subjects.findById(alice.id)).toMatchObject({ active: true, sessionVersion: 1 });
    expect(await refusal(alice, after)).toBe('accepted');
    expect(await revokedEvents(alice.id)).toHaveLength(1);
  });

  it('keeps a person active whose reactivation is handled before their deactivation', async () => {
    // The two consumer groups are not in step: the later event may be handled first.
    const bob = await person('bob');
    const deactivatedAt = Date.now() - 10_000;
    expect(await actions.reactivate(bob.id, 'bob', SYNC, deactivatedAt + 5_000)).toEqual([]);
    const [late] = await actions.deactivate(bob.id, 'bob', SYNC, deactivatedAt);
    expect(late).toMatchObject({
      active: true,
      sessionsRevokedAt: deactivatedAt,
      sessionVersion: 1,
    });
    // What bob held from before the deactivation is void; what came after it is not.
    expect(await refusal(bob, seconds(deactivatedAt) - 1)).toBe('auth.session_revoked');
    expect(await refusal(bob, seconds(deactivatedAt) + 1)).toBe('accepted');
    expect(await revokedEvents(bob.id)).toHaveLength(1);
  });

  it('ignores a reactivation older than a later deactivation', async () => {
    const carol = await person('carol');
    const t = Date.now() - 60_000;
    await actions.deactivate(carol.id, 'carol', SYNC, t);
    await actions.reactivate(carol.id, 'carol', SYNC, t + 1_000);
    await actions.deactivate(carol.id, 'carol', SYNC, t + 2_000);
    expect(await actions.reactivate(carol.id, 'carol', SYNC, t + 1_000)).toEqual([]);
    expect(await subjects.findById(carol.id)).toMatchObject({
      active: false,
      statusChangedAt: t + 2_000,
      sessionVersion: 2,
    });
    expect(await refusal(carol, seconds(Date.now()) + 1)).toBe('auth.user_deactivated');
  });

  it('finds the person by username when the directory id is not Tidings’ id', async () => {
    const erin = await person('erin');
    const directoryId = randomUUID();
    // Event times a millisecond apart: at the same instant the reactivation would tie with the
    // deactivation and count as its duplicate (standing.ts).
    const t = Date.now();
    expect(await actions.deactivate(directoryId, 'erin', SYNC, t)).toHaveLength(1);
    expect(await subjects.findById(erin.id)).toMatchObject({ active: false });
    expect(await actions.reactivate(directoryId, 'erin', SYNC, t + 1)).toHaveLength(1);
    expect(await subjects.findById(erin.id)).toMatchObject({ active: true });
  });

  it('settles each person by event time when both consumers handle them at once', async () => {
    const people = await Promise.all(Array.from({ length: 8 }, (_, i) => person(`race-${i}`)));
    const t = Date.now() - 10_000;
    await Promise.all(
      people.flatMap((p) => [
        actions.deactivate(p.id, p.username, SYNC, t),
        actions.reactivate(p.id, p.username, SYNC, t + 1_000),
      ]),
    );
    for (const p of people) {
      expect(await subjects.findById(p.id)).toMatchObject({
        active: true,
        statusChangedAt: t + 1_000,
        sessionVersion: 1,
      });
      expect((await subjects.findById(p.id))!.sessionsRevokedAt).toBeGreaterThanOrEqual(t);
      expect(await revokedEvents(p.id)).toHaveLength(1);
    }
  });

  it('refuses sign-in at the built-in issuer while deactivated, and old sign-ins after', async () => {
    const runner = new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE);
    const hasher = new PasswordHasher();
    await new AccountActions(dataSource, runner, hasher).create({
      username: 'dora',
      password: PASSWORD,
      roles: ['user'],
    });
    const login = new LoginActions(
      dataSource,
      runner,
      hasher,
      { maxAttempts: 5, lockMinutes: 15 },
      { standing },
    );
    const attempt = () =>
      login.attempt({ username: 'dora', password: PASSWORD, ip: null, clientId: 'tidings-web' });
    const first = await attempt();
    if (!first.ok) throw new Error('dora could not sign in');
    // The API sees dora's token once: her subject is (issuer, account id), id = account id.
    const dora = await person('dora', first.accountId);
    expect(dora.id).toBe(first.accountId);
    const signedIn = seconds(Date.now()) - 1;

    // The directory knows dora under an id of its own: found by username.
    const directoryId = randomUUID();
    await actions.deactivate(directoryId, 'dora', SYNC);
    expect(await attempt()).toEqual({ ok: false, reason: 'wrong_credentials' });
    const failures: Array<{ envelope: string }> = await dataSource.query(
      `SELECT envelope FROM identity_outbox WHERE event_type = 'identity.login.failed' ORDER BY id`,
    );
    expect(JSON.parse(failures.at(-1)!.envelope).data).toMatchObject({
      username: 'dora',
      reason: 'disabled',
    });
    expect(signInRefused(await standing(dora.id), seconds(Date.now()) + 1)).toBe(true);

    await actions.reactivate(directoryId, 'dora', SYNC);
    expect(await attempt()).toMatchObject({ ok: true, accountId: dora.id });
    const revokedAt = (await standing(dora.id))!.sessionsRevokedAt;
    // A refresh-token chain begun before the deactivation stays dead; a new one lives.
    expect(signInRefused(await standing(dora.id), signedIn)).toBe(true);
    expect(signInRefused(await standing(dora.id), seconds(revokedAt) + 1)).toBe(false);
  });
});
