import { createHash, randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AuditRecord } from '@tidings/audit/domain';
import { IDENTITY_SERVICE, IssuerKeyStore, PasswordHasher } from '@tidings/identity/data-access';
import { AccountActions, OperatorTokenActions } from '@tidings/identity/feature';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import type { InjectOptions } from 'fastify';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from '@tidings/host';
import { createServer } from '@tidings/host';

const PUBLIC_URL = 'http://localhost:3991';

/**
 * Sign-ins at the built-in issuer reach the audit trail: a wrong password typed at the login
 * form is recorded (who tried, why it failed, from where), a right one too; a compliance
 * account — and only it — reads them through the API.
 */
describe('sign-in attempts in the audit trail', () => {
  const db = createTestSqliteDatabase();
  let app: NestFastifyApplication;
  let dataSource: DataSource;

  beforeAll(async () => {
    app = await createServer(
      tidingsConfigSchema.parse({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', PUBLIC_URL }),
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    dataSource = app.get<DataSource>(DATA_SOURCE);
    const accounts = new AccountActions(
      dataSource,
      new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE),
      new PasswordHasher(),
    );
    await accounts.create({ username: 'mei', password: 'mei-password-123', roles: ['user'] });
    await accounts.create({
      username: 'carol',
      password: 'carol-password-12',
      roles: ['compliance'],
    });
    await accounts.create({ username: 'root', password: 'root-password-123', roles: ['admin'] });
  });

  afterAll(async () => {
    await app?.close();
    await db.drop();
  });

  const inject = (options: InjectOptions) => app.getHttpAdapter().getInstance().inject(options);

  async function tokenFor(username: string): Promise<string> {
    const actions = new OperatorTokenActions(
      dataSource,
      new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE),
      app.get(IssuerKeyStore),
      { issuer: `${PUBLIC_URL}/oidc`, audience: 'tidings-api' },
    );
    return (await actions.issue({ username, ttlSeconds: 600, createdBy: 'test' })).token;
  }

  /** The web client's sign-in at the issuer's login form; the status of the form post. */
  async function signIn(username: string, password: string): Promise<number> {
    const query = new URLSearchParams({
      client_id: 'tidings-web',
      response_type: 'code',
      redirect_uri: `${PUBLIC_URL}/auth/callback`,
      scope: 'openid profile offline_access',
      code_challenge: createHash('sha256').update(randomBytes(32)).digest('base64url'),
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

  async function records(token: string, types: string): Promise<AuditRecord[]> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const response = await inject({
        method: 'GET',
        url: `/api/v1/audit/records?types=${types}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      const { items } = response.json() as { items: AuditRecord[] };
      if (items.length > 0) return items;
      if (Date.now() > deadline) throw new Error(`no ${types} recorded`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('records a failed and a successful sign-in, for compliance eyes only', async () => {
    expect(await signIn('mei', 'not-her-password')).toBe(401);
    expect(await signIn('nobody', 'whatever-password')).toBe(401);
    expect(await signIn('mei', 'mei-password-123')).toBe(303);

    const carol = await tokenFor('carol');
    const failed = await records(carol, 'identity.login.failed');
    expect(failed.map((r) => r.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'mei', reason: 'bad_password' }),
        expect.objectContaining({ username: 'nobody', reason: 'unknown_user' }),
      ]),
    );
    expect(failed[0]).toMatchObject({ actor: { kind: 'system', id: 'identity.issuer' } });
    const [succeeded] = await records(carol, 'identity.login.succeeded');
    expect(succeeded?.data).toMatchObject({ username: 'mei', method: 'password' });
    expect(succeeded?.subjectIds).toEqual([succeeded?.data['userId']]);

    for (const username of ['mei', 'root']) {
      const denied = await inject({
        method: 'GET',
        url: '/api/v1/audit/records',
        headers: { authorization: `Bearer ${await tokenFor(username)}` },
      });
      expect(denied.statusCode, username).toBe(403);
    }
  });
});
