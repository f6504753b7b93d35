import type { Principal } from '@tidings/identity/domain';
import {
  identityAccessPersistence,
  IDENTITY_SERVICE,
  issuerPersistence,
  PasswordHasher,
  TypeOrmApiTokenRepository,
  TypeOrmSubjectRepository,
  TypeOrmWidgetTokenRepository,
} from '@tidings/identity/data-access';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import { openDatabase } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityActions } from '../access/identity-actions';
import { Authenticator } from '../auth/authenticator';
import type { TokenVerifier, VerifiedAccessToken } from '../auth/token-verifier';
import { AccountActions } from '../issuer/accounts.actions';
import { WidgetSiteActions } from './widget-site.actions';
import { WidgetTokenActions } from './widget-token.actions';

const ISSUER = 'http://127.0.0.1:9/oidc';
const ADMIN: Principal = {
  kind: 'user',
  userId: 'admin-1',
  subject: 'admin-1',
  username: 'root',
  roles: ['admin'],
  issuer: ISSUER,
};

/** The JWT "verifier" reads the claims from the token itself: signatures are not the point. */
const verifier = {
  verify: async (token: string) => JSON.parse(token) as VerifiedAccessToken,
} as unknown as TokenVerifier;
const jwt = (sub: string, username: string) =>
  `Bearer ${JSON.stringify({ issuer: ISSUER, subject: sub, username, roles: ['user'], issuedAt: Math.floor(Date.now() / 1000), claims: {} })}`;

/**
 * Widget sites and tokens below the HTTP layer, on the real databases: who a token is minted
 * for when identity has not seen the person yet (with and without provisioning), the events,
 * and each reason the Authenticator refuses a widget token. The whole host, over HTTP and the
 * WebSocket, is apps/tidings/src/widget-tokens.int.spec.ts.
 */
describe.each(databaseFlavours)('widget tokens on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let identity: IdentityActions;
  let sites: WidgetSiteActions;
  let auth: Authenticator;
  let subjects: TypeOrmSubjectRepository;
  let bot: Principal;
  const invalidations: number[] = [];

  const tokensWith = (jitProvisioning: boolean) =>
    new WidgetTokenActions(dataSource, new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE), {
      issuer: ISSUER,
      jitProvisioning,
    });
  const code = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: DomainError) => error.code,
    );
  const events = async (type: string) =>
    (
      (await dataSource.query(
        `SELECT envelope FROM identity_outbox WHERE event_type = '${type}' ORDER BY id`,
      )) as Array<{ envelope: string }>
    ).map((r) => JSON.parse(r.envelope) as { key: string; data: Record<string, unknown> });

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [...identityAccessPersistence.entities, ...issuerPersistence.entities],
      migrations: [...identityAccessPersistence.migrations, ...issuerPersistence.migrations],
    }));
    const runner = new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE);
    identity = new IdentityActions(dataSource, runner);
    sites = new WidgetSiteActions(dataSource, runner, {
      invalidate: () => invalidations.push(Date.now()),
    });
    subjects = new TypeOrmSubjectRepository(dataSource);
    auth = new Authenticator(
      verifier,
      subjects,
      new TypeOrmApiTokenRepository(dataSource),
      { jitProvisioning: true },
      new TypeOrmWidgetTokenRepository(dataSource),
    );
    const created = await identity.createBot('oa-bot', 'OA', ADMIN);
    bot = { ...ADMIN, kind: 'bot', userId: created.id, username: 'oa-bot', roles: ['integration'] };
    await sites.create({ origin: 'https://OA.example.com', botId: created.id, name: 'OA' }, ADMIN);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('announces a site with its normalized origin and drops the cached list', async () => {
    expect((await events('identity.widget_site.created'))[0]).toMatchObject({
      key: bot.userId,
      data: { origin: 'https://oa.example.com', botId: bot.userId, createdBy: ADMIN.userId },
    });
    expect(invalidations.length).toBeGreaterThan(0);
    expect(
      await code(
        sites.create(
          { origin: 'https://oa.example.com:443/', botId: bot.userId, name: null },
          ADMIN,
        ),
      ),
    ).toBe('widget.site_exists');
    // A person cannot own a site: only a bot's token can mint for it.
    const person = await auth.authenticate(jwt('kc-olga', 'olga'));
    expect(
      await code(
        sites.create({ origin: 'https://hr.example.com', botId: person.userId, name: null }, ADMIN),
      ),
    ).toBe('widget.bot_unknown');
  });

  it('refuses a person identity has never seen when provisioning is off', async () => {
    const request = { username: 'nobody', origin: 'https://oa.example.com', ttlSeconds: 600 };
    expect(await code(tokensWith(false).issue(request, bot))).toBe('widget.user_unknown');
    expect(await subjects.findByUsername(ISSUER, 'nobody')).toBeUndefined();
    expect(await events('identity.widget_token.issued')).toEqual([]);
  });

  it('records a new person as their first sign-in would, so it finds the same id later', async () => {
    const issued = await tokensWith(true).issue(
      { username: 'paul', origin: 'https://oa.example.com', ttlSeconds: 600 },
      bot,
    );
    // Paul signs in at Keycloak later, under a `sub` identity could not know: still him.
    const later = await auth.authenticate(jwt('kc-paul', 'paul'));
    expect(later.userId).toBe(issued.userId);
    const widget = await auth.authenticate(`Bearer ${issued.token}`);
    expect(widget).toMatchObject({ kind: 'user', userId: issued.userId, username: 'paul' });

    // Someone with a built-in issuer account is recorded under its id, as signing in would.
    const runner = new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE);
    const account = await new AccountActions(dataSource, runner, new PasswordHasher()).create({
      username: 'rita',
      password: 'a long enough password',
      roles: ['user'],
    });
    const rita = await tokensWith(true).issue(
      { username: 'rita', origin: 'https://oa.example.com', ttlSeconds: 600 },
      bot,
    );
    expect(rita.userId).toBe(account.id);
    expect((await auth.authenticate(jwt(account.id, 'rita'))).userId).toBe(account.id);
  });

  it('publishes who, for which site and until when — never the token', async () => {
    const issued = await tokensWith(true).issue(
      { username: 'sara', origin: 'https://oa.example.com', ttlSeconds: 60 },
      bot,
    );
    const [event] = (await events('identity.widget_token.issued')).filter(
      (e) => e.data['userId'] === issued.userId,
    );
    expect(event).toMatchObject({
      key: issued.userId,
      data: { botId: bot.userId, origin: 'https://oa.example.com', expiresAt: issued.expiresAt },
    });
    expect(JSON.stringify(event)).not.toContain(issued.token.slice(4));
    const left = Date.parse(issued.expiresAt) - Date.now();
    expect(left).toBeGreaterThan(50_000);
    expect(left).toBeLessThanOrEqual(60_000);
  });

  it('refuses tokens whose person, site or bot no longer allows them, each with its code', async () => {
    const mint = (username: string) =>
      tokensWith(true).issue({ username, origin: 'https://oa.example.com', ttlSeconds: 600 }, bot);
    const use = (token: string) => code(auth.authenticate(`Bearer ${token}`));

    const tom = await mint('tom');
    expect(await use(tom.token)).toBe('accepted');
    expect(await use(`${tom.token.slice(0, -1)}${tom.token.endsWith('A') ? 'B' : 'A'}`)).toBe(
      'auth.widget_token_invalid',
    );
    expect(await use('tdw_nonsense')).toBe('auth.widget_token_invalid');

    await dataSource.query(
      `UPDATE identity_widget_tokens SET expires_ms = ${Date.now() - 1000} WHERE user_id = '${tom.userId}'`,
    );
    expect(await use(tom.token)).toBe('auth.token_expired');

    const uma = await mint('uma');
    await identity.revokeSessions(
      uma.userId,
      { kind: 'user', id: uma.userId },
      'logout_everywhere',
    );
    expect(await use(uma.token)).toBe('auth.session_revoked');

    const vic = await mint('vic');
    await identity.deactivate(vic.userId, 'vic', { kind: 'system', id: 'test' });
    expect(await use(vic.token)).toBe('auth.user_deactivated');
    expect(await code(mint('vic'))).toBe('widget.user_deactivated');

    const walt = await mint('walt');
    await subjects.applyStanding(bot.userId, { active: false });
    expect(await use(walt.token)).toBe('auth.widget_token_invalid');
    await subjects.applyStanding(bot.userId, { active: true });
    expect(await use(walt.token)).toBe('accepted');
  });

  it('removes a site with its tokens; what was minted for it stops working', async () => {
    const site = await sites.create(
      { origin: 'https://intranet.example.com', botId: bot.userId, name: null },
      ADMIN,
    );
    const issued = await tokensWith(true).issue(
      { username: 'xena', origin: site.origin, ttlSeconds: 600 },
      bot,
    );
    await sites.delete(site.id, ADMIN);
    expect(await code(auth.authenticate(`Bearer ${issued.token}`))).toBe(
      'auth.widget_token_invalid',
    );
    expect(
      await code(
        tokensWith(true).issue({ username: 'xena', origin: site.origin, ttlSeconds: 600 }, bot),
      ),
    ).toBe('widget.origin_not_allowed');
    expect((await events('identity.widget_site.deleted')).at(-1)).toMatchObject({
      data: { siteId: site.id, origin: site.origin, botId: bot.userId, deletedBy: ADMIN.userId },
    });
    expect(await code(sites.delete(site.id, ADMIN))).toBe('widget.site_not_found');
  });

  it('purges rows of tokens long expired as new ones are minted', async () => {
    const old = await tokensWith(true).issue(
      { username: 'yuri', origin: 'https://oa.example.com', ttlSeconds: 600 },
      bot,
    );
    await dataSource.query(
      `UPDATE identity_widget_tokens SET expires_ms = ${Date.now() - 2 * 3_600_000} WHERE user_id = '${old.userId}'`,
    );
    await tokensWith(true).issue(
      { username: 'zoe', origin: 'https://oa.example.com', ttlSeconds: 600 },
      bot,
    );
    const rows = (await dataSource.query(
      `SELECT COUNT(*) AS n FROM identity_widget_tokens WHERE user_id = '${old.userId}'`,
    )) as Array<{ n: unknown }>;
    expect(Number(rows[0]?.n)).toBe(0);
  });
});
