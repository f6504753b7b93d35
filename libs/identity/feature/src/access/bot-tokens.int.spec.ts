import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal } from '@tidings/identity/domain';
import {
  identityAccessPersistence,
  IDENTITY_SERVICE,
  TypeOrmApiTokenRepository,
  TypeOrmSubjectRepository,
} from '@tidings/identity/data-access';
import { OutboxTransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import { PERMISSION_KEY } from '@tidings/platform/http';
import { openDatabase } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthGuard } from '../auth/auth.guard';
import { Authenticator } from '../auth/authenticator';
import type { TokenVerifier } from '../auth/token-verifier';
import { IdentityActions } from './identity-actions';

const ADMIN: Principal = {
  kind: 'user',
  userId: 'admin-1',
  subject: 'admin-1',
  username: 'root',
  roles: ['admin'],
  issuer: 'test',
};

/** Nothing here signs in with a JWT: bot tokens are checked by their hash. */
const noJwt = {
  verify: () => Promise.reject(new Error('no JWTs in this test')),
} as unknown as TokenVerifier;

/**
 * Per-token scopes on the real databases: what a token gets by default, what it may be
 * narrowed to, what is refused (and then nothing stored or published), and the AuthGuard
 * holding a token to its scopes on top of the bot's role.
 */
describe.each(databaseFlavours)('bot token scopes on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let actions: IdentityActions;
  let guard: AuthGuard;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: identityAccessPersistence.entities,
      migrations: identityAccessPersistence.migrations,
    }));
    actions = new IdentityActions(
      dataSource,
      new OutboxTransactionRunner(dataSource, IDENTITY_SERVICE),
    );
    const auth = new Authenticator(
      noJwt,
      new TypeOrmSubjectRepository(dataSource),
      new TypeOrmApiTokenRepository(dataSource),
      { jitProvisioning: false },
    );
    guard = new AuthGuard(new Reflector(), auth);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const outboxTypes = async () =>
    (
      (await dataSource.query('SELECT event_type FROM identity_outbox ORDER BY id')) as Array<{
        event_type: string;
      }>
    ).map((r) => r.event_type);

  /** Runs the guard for a route declaring `permission`, with this bearer. */
  const route = (permission: string, token: string) => {
    const handler = () => undefined;
    Reflect.defineMetadata(PERMISSION_KEY, permission, handler);
    const request = { headers: { authorization: `Bearer ${token}` }, routeOptions: { url: '/x' } };
    const context = {
      getType: () => 'http',
      getHandler: () => handler,
      getClass: () => class Route {},
      switchToHttp: () => ({ getRequest: () => request }),
    } as unknown as ExecutionContext;
    return guard.canActivate(context).then(
      () => 'allowed',
      (error: DomainError) => error.code,
    );
  };

  it('announces a new bot, and gives its tokens every connector scope by default', async () => {
    const bot = await actions.createBot('erp-bot', 'ERP', ADMIN);
    expect(await outboxTypes()).toContain('identity.bot.created');
    const { token, record } = await actions.createBotToken(bot.id, null, ADMIN);
    expect(record.scopes).toEqual([
      'connectors.use',
      'directory.read',
      'messaging.read',
      'messaging.write',
    ]);
    expect((await actions.listBotTokens(bot.id))[0]?.scopes).toEqual(record.scopes);
    for (const permission of ['connectors.use', 'messaging.read', 'messaging.write'])
      expect(await route(permission, token)).toBe('allowed');
    // Scopes never reach past the bot's role.
    expect(await route('self.read', token)).toBe('auth.forbidden');
    expect(await route('messaging.manage', token)).toBe('auth.forbidden');
  });

  it('narrows a token to the scopes asked for: without messaging.write it cannot post', async () => {
    const bot = await actions.createBot('hr-bot', null, ADMIN);
    const { token, record } = await actions.createBotToken(bot.id, 30, ADMIN, [
      'messaging.read',
      'connectors.use',
    ]);
    expect(record.scopes).toEqual(['connectors.use', 'messaging.read']);
    expect(await route('messaging.read', token)).toBe('allowed');
    expect(await route('messaging.write', token)).toBe('auth.forbidden');
    expect(await route('directory.read', token)).toBe('auth.forbidden');
  });

  it.each([
    ['no scope at all', ['messaging.read', 'chat:write'], 'body.scopes.1', 'chat:write'],
    ['a permission the bot role lacks', ['bots.manage'], 'body.scopes.0', 'bots.manage'],
  ])('refuses %s with 422 naming it, and stores nothing', async (_, scopes, path, scope) => {
    const bot = await actions.createBot(`bot-${scope.replace(/[^a-z]/g, '')}`, null, ADMIN);
    const events = (await outboxTypes()).length;
    const refused = await actions.createBotToken(bot.id, null, ADMIN, scopes).catch((e) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'identity.token.scope_invalid',
      kind: 'unprocessable',
      issues: [{ path }],
      details: { scope },
    });
    expect(await actions.listBotTokens(bot.id)).toEqual([]);
    expect((await outboxTypes()).length).toBe(events);
  });
});
