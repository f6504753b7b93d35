import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { userDeactivatedV1 } from '@tidings/contracts';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { BusRuntime, createEnvelope } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from '@tidings/host';
import { createServer } from '@tidings/host';

/**
 * The API's verification path against a real (test) OpenID Connect issuer over HTTP:
 * discovery → JWKS → jose, then subjects, sessions, bots and permissions.
 */
describe('access to the API', () => {
  const db = createTestSqliteDatabase();
  const issuer = new TestIssuer();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    await issuer.start();
    const config = tidingsConfigSchema.parse({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: issuer.issuer,
      BUS_RETRY_BACKOFF_MS: '20',
      OIDC_JWKS_COOLDOWN_MS: '300',
    });
    app = await createServer(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await issuer.stop();
    await db.drop();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token?: string, body?: unknown) =>
    app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method,
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });

  it('accepts a valid token and provisions its user on first sight', async () => {
    const response = await call(
      'GET',
      '/api/v1/me',
      await issuer.token({ sub: 'sub-alice', username: 'alice' }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      username: 'alice',
      kind: 'user',
      roles: ['user'],
      issuer: issuer.issuer,
      permissions: expect.arrayContaining(['self.read']),
    });
    const again = await call(
      'GET',
      '/api/v1/me',
      await issuer.token({ sub: 'sub-alice', username: 'alice' }),
    );
    expect(again.json().userId).toBe(response.json().userId);
  });

  it.each([
    ['no token', undefined, 'auth.missing_token'],
    ['another audience', { audience: 'someone-else' }, 'auth.token_audience'],
    ['an expired token', { expiresIn: -120 }, 'auth.token_expired'],
    ['a key the issuer never published', { unpublishedKey: true }, 'auth.token_signature'],
  ] as const)('refuses %s with 401 problem+json', async (_, options, code) => {
    const token = options === undefined ? undefined : await issuer.token(options);
    const response = await call('GET', '/api/v1/me', token);
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 401, code });
  });

  it('refuses a tampered token and a non-asymmetric one', async () => {
    const [header, payload, signature] = (await issuer.token()).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString(
      'base64url',
    );
    const tampered = await call('GET', '/api/v1/me', `${header}.${forged}.${signature}`);
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json().code).toBe('auth.token_signature');

    const hs = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${payload}.${signature}`;
    const hsResponse = await call('GET', '/api/v1/me', hs);
    expect(hsResponse.statusCode).toBe(401);
    expect(hsResponse.json().code).toBe('auth.token_invalid');
  });

  it('follows key rotation: an unknown kid refetches the JWKS, at most once per cooldown', async () => {
    await new Promise((r) => setTimeout(r, 350)); // past the cooldown of earlier fetches
    const fetchesBefore = issuer.jwksFetches;
    await issuer.rotate();
    const response = await call(
      'GET',
      '/api/v1/me',
      await issuer.token({ sub: 'sub-rot', username: 'rot' }),
    );
    expect(response.statusCode).toBe(200);
    expect(issuer.jwksFetches).toBe(fetchesBefore + 1);

    // A burst of tokens naming keys nobody published costs the issuer no more requests.
    const [, payload, signature] = (await issuer.token()).split('.');
    for (let i = 0; i < 20; i++) {
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: `forged-${i}` })).toString(
        'base64url',
      );
      expect(
        (await call('GET', '/api/v1/me', `${header}.${payload}.${signature}`)).statusCode,
      ).toBe(401);
    }
    expect(issuer.jwksFetches).toBe(fetchesBefore + 1);
  });

  it('refuses what the roles do not grant', async () => {
    const user = await issuer.token({ sub: 'sub-u2', username: 'u2' });
    const response = await call('GET', '/api/v1/bots', user);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'auth.forbidden' });
  });

  it('logs out everywhere: earlier tokens stop working and an event is published', async () => {
    const issuedAt = Math.floor(Date.now() / 1000) - 5;
    const token = await issuer.token({ sub: 'sub-bob', username: 'bob', issuedAt });
    expect((await call('GET', '/api/v1/me', token)).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/me/sessions/revoke', token)).statusCode).toBe(204);
    const after = await call('GET', '/api/v1/me', token);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.session_revoked');
    const events = await app
      .get<DataSource>(DATA_SOURCE)
      .query(`SELECT envelope FROM identity_outbox WHERE event_type = 'identity.session.revoked'`);
    expect(events.map((e: { envelope: string }) => JSON.parse(e.envelope).data.reason)).toContain(
      'logout_everywhere',
    );
  });

  it('refuses a deactivated user within 2 s of the directory event', async () => {
    const token = await issuer.token({ sub: 'sub-carol', username: 'carol' });
    const me = await call('GET', '/api/v1/me', token);
    expect(me.statusCode).toBe(200);
    const envelope = createEnvelope(userDeactivatedV1, 'directory', {
      key: me.json().userId,
      actor: { kind: 'system', id: 'ldap-sync' },
      data: {
        userId: me.json().userId,
        username: 'carol',
        reason: 'ldap_disabled',
        deactivatedAt: new Date().toISOString(),
      },
    });
    // The directory service's relay would publish this from its outbox; here it goes straight onto the bus.
    const started = Date.now();
    await app
      .get(BusRuntime)
      .transport.publish([
        { topic: 'directory', key: envelope.key, value: JSON.stringify(envelope) },
      ]);
    let status = 200;
    while (status === 200 && Date.now() - started < 2000) {
      status = (await call('GET', '/api/v1/me', token)).statusCode;
      if (status === 200) await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe(401);
    expect((await call('GET', '/api/v1/me', token)).json().code).toBe('auth.user_deactivated');
  });

  it('gives bots scoped tokens that work on connector routes only, until revoked', async () => {
    const admin = await issuer.token({
      sub: 'sub-adam',
      username: 'adam',
      roles: ['user', 'admin'],
    });
    const bot = await call('POST', '/api/v1/bots', admin, {
      username: 'erp-bot',
      displayName: 'ERP',
    });
    expect(bot.statusCode).toBe(201);
    const botId = bot.json().id;
    const created = await call('POST', `/api/v1/bots/${botId}/tokens`, admin, {});
    expect(created.statusCode).toBe(201);
    const { token, id: tokenId, prefix } = created.json();
    expect(token).toMatch(/^tdg_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    expect(token.startsWith(prefix)).toBe(true);

    expect((await call('GET', '/api/v1/connect/whoami', token)).json()).toMatchObject({
      username: 'erp-bot',
      kind: 'bot',
    });
    expect((await call('GET', '/api/v1/me', token)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/bots', token)).statusCode).toBe(403);

    const listed = await call('GET', `/api/v1/bots/${botId}/tokens`, admin);
    expect(listed.json().items[0]).toMatchObject({ id: tokenId, prefix, revokedAt: null });
    expect(listed.json().items[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.json())).not.toContain(token.slice('tdg_'.length + 12 + 1));

    // Nowhere in the database in plain text: not in its row, not in the events.
    const dataSource = app.get<DataSource>(DATA_SOURCE);
    const secret = token.slice('tdg_'.length + 12 + 1); // tdg_<12-char prefix>_<secret>
    for (const table of [
      'identity_api_tokens',
      'identity_outbox',
      'identity_subjects',
      'platform_bus_log',
    ]) {
      const rows = await dataSource.query(`SELECT * FROM ${table}`);
      expect(JSON.stringify(rows)).not.toContain(secret);
    }

    expect(
      (await call('DELETE', `/api/v1/bots/${botId}/tokens/${tokenId}`, admin)).statusCode,
    ).toBe(204);
    const refused = await call('GET', '/api/v1/connect/whoami', token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('auth.api_token_invalid');
    const types = (await dataSource.query(`SELECT event_type FROM identity_outbox`)).map(
      (r: { event_type: string }) => r.event_type,
    );
    expect(types).toEqual(
      expect.arrayContaining(['identity.token.created', 'identity.token.revoked']),
    );
  });
});
