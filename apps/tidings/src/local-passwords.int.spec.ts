import { createHash, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { InjectOptions } from 'fastify';
import { TypeOrmDirectoryUserRepository } from '@tidings/directory/data-access';
import { accountRepository, IDENTITY_SERVICE, IssuerKeyStore } from '@tidings/identity/data-access';
import { OperatorTokenActions } from '@tidings/identity/feature';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from '@tidings/host';
import { InProcessHost } from './host.testing';
import { createServer } from '@tidings/host';

const PUBLIC_URL = 'http://localhost:3990';
const ISSUER = `${PUBLIC_URL}/oidc`;

/**
 * Sign-in passwords set by an administrator (`PUT /api/v1/users/by-username/{u}/password`)
 * on the whole host with its built-in issuer: the password is tried where people type it — the
 * issuer's login form, over HTTP — and the reset is seen to sign the person out everywhere.
 */
describe('local sign-in passwords set by an administrator', () => {
  const db = createTestSqliteDatabase();
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  let adminToken: string;

  beforeAll(async () => {
    const config = tidingsConfigSchema.parse({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      PUBLIC_URL,
      TIDINGS_ADMIN_USERNAME: 'root',
      TIDINGS_ADMIN_PASSWORD: 'root-password-123456',
    });
    app = await createServer(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    dataSource = app.get<DataSource>(DATA_SOURCE);
    adminToken = await tokenFor('root');
  });

  afterAll(async () => {
    await app?.close();
    await db.drop();
  });

  const inject = (options: InjectOptions) => app.getHttpAdapter().getInstance().inject(options);

  /** A token as `tidings token issue` makes it (same key, claims and audience as the web's). */
  async function tokenFor(username: string): Promise<string> {
    const actions = new OperatorTokenActions(
      dataSource,
      new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE),
      app.get(IssuerKeyStore),
      { issuer: ISSUER, audience: 'tidings-api' },
    );
    return (await actions.issue({ username, ttlSeconds: 600, createdBy: 'test' })).token;
  }

  const setPassword = (username: string, body: unknown, token = adminToken) =>
    inject({
      method: 'PUT',
      url: `/api/v1/users/by-username/${encodeURIComponent(username)}/password`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  const me = (token: string) =>
    inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });

  /**
   * The web client's first steps at the issuer: an authorization request (PKCE), then the login
   * form posted with the interaction's cookies. The issuer answers a redirect on to the code
   * for the right password, and its login page again (401) for a wrong one.
   */
  async function signInStatus(username: string, password: string): Promise<number> {
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      client_id: 'tidings-web',
      response_type: 'code',
      redirect_uri: `${PUBLIC_URL}/auth/callback`,
      scope: 'openid profile offline_access',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: randomBytes(8).toString('base64url'),
    });
    const start = await inject({ method: 'GET', url: `/oidc/auth?${query}` });
    expect(start.statusCode, start.body).toBe(303);
    const interaction = new URL(String(start.headers.location), PUBLIC_URL).pathname;
    const cookies = ([] as string[])
      .concat(start.headers['set-cookie'] ?? [])
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
    const login = await inject({
      method: 'POST',
      url: `${interaction}/login`,
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username, password }).toString(),
    });
    return login.statusCode;
  }

  it('creates a local account with a generated password, which then signs in', async () => {
    const response = await setPassword('Mei.Lin', { generate: true, displayName: 'Mei Lin' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const answer = response.json<{ password: string; created: boolean; username: string }>();
    expect(answer).toMatchObject({ username: 'mei.lin', created: true, sessionsRevoked: 0 });
    expect(answer.password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);

    const account = await accountRepository(dataSource).findByUsername('mei.lin');
    expect(account).toMatchObject({ displayName: 'Mei Lin', source: 'local', roles: ['user'] });
    // Only its hash is kept.
    expect(account?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(await dataSource.query('SELECT * FROM identity_outbox'))).not.toContain(
      answer.password,
    );

    expect(await signInStatus('mei.lin', answer.password)).toBe(303);
    expect(await signInStatus('mei.lin', 'not-the-password-1')).toBe(401);
  });

  it('resets a password: the old one is refused, the new one accepted, sessions revoked', async () => {
    await setPassword('ravi', { password: 'ravi-first-password' });
    const session = await tokenFor('ravi');
    expect((await me(session)).statusCode).toBe(200);
    // A locked account is unlocked by the reset.
    for (let i = 0; i < 5; i++) await signInStatus('ravi', 'wrong-password-xyz');
    expect(await signInStatus('ravi', 'ravi-first-password')).toBe(401);

    const reset = await setPassword('ravi', { password: 'ravi-second-password' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toMatchObject({ created: false, sessionsRevoked: 1 });
    expect(reset.json()).not.toHaveProperty('password');

    expect(await signInStatus('ravi', 'ravi-first-password')).toBe(401);
    expect(await signInStatus('ravi', 'ravi-second-password')).toBe(303);
    const refused = await me(session);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'auth.session_revoked' });

    const events: Array<{ event_type: string; envelope: string }> = await dataSource.query(
      `SELECT event_type, envelope FROM identity_outbox WHERE event_type IN (?, ?) ORDER BY id`,
      ['identity.password.reset', 'identity.session.revoked'],
    );
    const last = events.slice(-2).map((row) => JSON.parse(row.envelope));
    expect(last.map((e) => e.type)).toEqual([
      'identity.session.revoked',
      'identity.password.reset',
    ]);
    expect(last[0].data).toMatchObject({ reason: 'admin' });
    expect(last[1].data).toMatchObject({ username: 'ravi', created: false, generated: false });
    expect(JSON.stringify(events)).not.toContain('ravi-second-password');
  });

  it('refuses people without users.manage', async () => {
    const plain = await tokenFor('mei.lin');
    const response = await setPassword('ravi', { generate: true }, plain);
    expect(response.statusCode).toBe(403);
    expect(await signInStatus('ravi', 'ravi-second-password')).toBe(303);
  });

  it('refuses accounts whose password the directory checks', async () => {
    await dataSource.transaction((manager) =>
      accountRepository({ manager }).insert({
        id: '0b6a4a52-0000-4000-8000-00000000da01',
        username: 'carol',
        displayName: 'Carol',
        roles: ['user'],
        passwordHash: null,
        source: 'ldap',
      }),
    );
    const response = await setPassword('carol', { password: 'carol-local-password' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'identity.account.directory_managed' });
    expect((await accountRepository(dataSource).findByUsername('carol'))?.passwordHash).toBeNull();
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['ravi', { password: 'short' }, 'password'],
      ['ravi', { password: 'x'.repeat(1025) }, 'password'],
      ['ravi', {}, 'password'],
      ['ravi', { password: 'long-enough-password', generate: true }, 'password'],
      ['-bad name', { generate: true }, 'username'],
      ['newbie', { generate: true, displayName: 'n'.repeat(201) }, 'displayName'],
    ];
    for (const [username, body, field] of cases) {
      const response = await setPassword(username, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const problem = response.json<{ code: string; errors: Array<{ path: string }> }>();
      expect(problem.code).toBe('identity.account.invalid');
      expect(problem.errors.map((e) => e.path)).toContain(field);
    }
    expect(await accountRepository(dataSource).findByUsername('newbie')).toBeUndefined();
    expect(await signInStatus('ravi', 'ravi-second-password')).toBe(303);
  });

  it('refuses people the directory synced from LDAP, though they have no account yet', async () => {
    await new TypeOrmDirectoryUserRepository(dataSource).insert({
      id: '0b6a4a52-0000-4000-8000-00000000da02',
      source: 'ldap',
      externalId: 'entry-uuid-dmitri',
      dn: 'uid=Dmitri,ou=people,dc=corp,dc=example',
      username: 'Dmitri',
      displayName: 'Dmitri',
      email: null,
      phone: null,
      title: null,
      employeeNumber: null,
      department: null,
      locale: null,
      avatarSha256: null,
      orgUnitId: null,
      status: 'active',
    });
    const response = await setPassword('dmitri', { generate: true });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'identity.account.directory_managed' });
    expect(await accountRepository(dataSource).findByUsername('dmitri')).toBeUndefined();
  });
});

describe('local sign-in passwords with an external issuer', () => {
  const db = createTestSqliteDatabase();
  const host = new InProcessHost();

  beforeAll(async () => {
    await host.start({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  it('are refused: passwords live at that issuer', async () => {
    const admin = await host.issuer.token({ sub: 'kc-admin', username: 'admin', roles: ['admin'] });
    const response = await host.request('PUT', '/users/by-username/ravi/password', admin, {
      generate: true,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'identity.issuer.external' });
  });
});
