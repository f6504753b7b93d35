import { WIDGET_TOKEN_SCOPES, WidgetSites } from '@tidings/identity/feature';
import { WsTestClient } from '@tidings/gateway/feature/testing';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, type As } from './messaging.testing';
import { RealtimeTestHost, settle } from './realtime.testing';

const admin: As = { username: 'admin', roles: ['admin'] };
const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const carol: As = { username: 'carol' };
/** A person-less service account (client credentials with the integration role). */
const service: As = { username: 'svc-erp', roles: ['integration'] };
const OA = 'https://oa.example.com';

/**
 * Widget sites and widget tokens through the whole host (docs/widget.md), on SQLite and
 * PostgreSQL: the allowlist an administrator keeps, tokens a bot mints for its own sites'
 * people, what such a token may do as the person (messages, nothing else), every reason it
 * stops working, and its WebSocket closed when it expires.
 */
describe.each(databaseFlavours)('widget sites and tokens on %s', (flavour) => {
  let db: TestDatabase;
  const host = new RealtimeTestHost();
  const ids: Record<string, string> = {};
  const identityIds: Record<string, string> = {};
  const bots: Record<string, { id: string; minter: As; plain: As }> = {};
  const open: WsTestClient[] = [];

  const widget = (token: string): As => ({ username: 'widget', bearer: token });
  const mint = (by: As, body: Record<string, unknown>) =>
    host.call('POST', '/widget/tokens', by, body);
  const minted = async (username: string, origin = OA, ttlSeconds?: number) => {
    const response = await mint(bots['oa-bot']!.minter, { username, origin, ttlSeconds });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { token: string; userId: string; expiresAt: string; origin: string };
  };
  /** Moves a token's expiry (the clock is not injectable; the row is what is checked). */
  const expireAt = (token: string, at: number) =>
    host.dataSource.query(
      `UPDATE identity_widget_tokens SET expires_ms = ${at} WHERE prefix = '${token.slice(4, 16)}'`,
    );
  const me = (as: As) => host.call('GET', '/me', as);

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({ DATABASE_URL: db.url });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
    for (const name of ['alice', 'bob', 'carol', 'admin'])
      identityIds[name] = (
        await me({ username: name, roles: name === 'admin' ? ['admin'] : ['user'] })
      ).json().userId;
    for (const username of ['oa-bot', 'hr-bot']) {
      const id = (await host.call('POST', '/bots', admin, { username })).json().id as string;
      const token = async (body: unknown) =>
        (await host.call('POST', `/bots/${id}/tokens`, admin, body)).json().token as string;
      bots[username] = {
        id,
        minter: { username, bearer: await token({ scopes: ['widget.tokens.issue'] }) },
        plain: { username, bearer: await token({}) },
      };
    }
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await host.stop();
    await db?.drop();
  });

  it('keeps the allowlist to administrators, with origins normalized and validated', async () => {
    const oa = { origin: 'HTTPS://OA.Example.com:443/', botId: bots['oa-bot']!.id, name: 'OA' };
    expect(problemOf(await host.call('POST', '/widget/sites', alice, oa)).status).toBe(403);
    expect((await host.call('GET', '/widget/sites', alice)).statusCode).toBe(403);

    const created = await host.call('POST', '/widget/sites', admin, oa);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      origin: OA,
      botId: oa.botId,
      botUsername: 'oa-bot',
      name: 'OA',
    });
    const again = await host.call('POST', '/widget/sites', admin, { ...oa, origin: OA });
    expect(problemOf(again)).toMatchObject({ status: 409, code: 'widget.site_exists' });
    for (const origin of [
      'https://oa.example.com/portal',
      'https://*.example.com',
      'ftp://oa.example.com',
    ]) {
      const bad = await host.call('POST', '/widget/sites', admin, { ...oa, origin });
      expect(problemOf(bad), origin).toMatchObject({ status: 400, code: 'widget.origin_invalid' });
      expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'body.origin' })]);
    }
    // The owner must be a bot: not a made-up id, not a person.
    for (const botId of ['6f1c2b9e-0000-4000-8000-000000000000', identityIds['alice']]) {
      const bad = await host.call('POST', '/widget/sites', admin, {
        origin: 'https://x.example.com',
        botId,
      });
      expect(problemOf(bad)).toMatchObject({ status: 400, code: 'widget.bot_unknown' });
      expect(bad.json().errors).toEqual([expect.objectContaining({ path: 'body.botId' })]);
    }
    const hr = { origin: 'https://hr.example.com', botId: bots['hr-bot']!.id };
    expect((await host.call('POST', '/widget/sites', admin, hr)).statusCode).toBe(201);

    const listed = (await host.call('GET', '/widget/sites', admin)).json().items;
    expect(listed).toEqual([
      expect.objectContaining({ origin: OA, botUsername: 'oa-bot', createdAt: expect.any(String) }),
      expect.objectContaining({
        origin: 'https://hr.example.com',
        botUsername: 'hr-bot',
        name: null,
      }),
    ]);
    const missing = await host.call(
      'DELETE',
      '/widget/sites/6f1c2b9e-0000-4000-8000-000000000000',
      admin,
    );
    expect(problemOf(missing)).toMatchObject({ status: 404, code: 'widget.site_not_found' });
    // What the web host and messaging read: the changes made here, at once.
    const sites = host.app.get(WidgetSites, { strict: false });
    expect(await sites.allowedOrigins()).toEqual([OA, 'https://hr.example.com']);
    expect(await sites.byOrigin('https://OA.example.com')).toMatchObject({ botId: oa.botId });
  });

  it('mints only for a bot token with the opt-in scope, and only for its own sites', async () => {
    const body = { username: 'alice', origin: OA };
    for (const by of [bots['oa-bot']!.plain, alice])
      expect(problemOf(await mint(by, body))).toMatchObject({
        status: 403,
        code: 'auth.forbidden',
      });
    for (const [by, origin] of [
      [bots['hr-bot']!.minter, OA],
      [bots['oa-bot']!.minter, 'https://unknown.example.com'],
      [service, OA],
    ] as const)
      expect(problemOf(await mint(by, { ...body, origin }))).toMatchObject({
        status: 403,
        code: 'widget.origin_not_allowed',
      });
    const bad = await mint(bots['oa-bot']!.minter, { ...body, origin: `${OA}/x` });
    expect(problemOf(bad)).toMatchObject({ status: 400, code: 'widget.origin_invalid' });
    const short = await mint(bots['oa-bot']!.minter, { ...body, ttlSeconds: 30 });
    expect(short.json()).toMatchObject({ status: 400, errors: [{ path: 'body.ttlSeconds' }] });

    const issued = await mint(bots['oa-bot']!.minter, {
      ...body,
      origin: 'https://OA.example.com',
    });
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    expect(issued.json()).toMatchObject({
      tokenType: 'Bearer',
      userId: identityIds['alice'],
      origin: OA,
    });
    expect(issued.json().token).toMatch(/^tdw_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    const left = Date.parse(issued.json().expiresAt) - Date.now();
    expect(left).toBeGreaterThan(590_000);
    expect(left).toBeLessThanOrEqual(600_000);
    // The secret is in this answer only: not in its row, not in any event.
    const secret = (issued.json().token as string).slice('tdw_'.length + 12 + 1);
    for (const table of ['identity_widget_tokens', 'identity_outbox', 'platform_bus_log'])
      expect(JSON.stringify(await host.dataSource.query(`SELECT * FROM ${table}`))).not.toContain(
        secret,
      );
  });

  it('gives a person identity has not seen yet the id their first sign-in then finds', async () => {
    const dora = await minted('dora');
    expect((await me(widget(dora.token))).json()).toMatchObject({
      userId: dora.userId,
      username: 'dora',
    });
    expect((await me({ username: 'dora' })).json().userId).toBe(dora.userId);
  });

  it('acts as the person, for messages only', async () => {
    const { token } = await minted('alice');
    const who = (await me(widget(token))).json();
    expect(who).toMatchObject({
      userId: identityIds['alice'],
      username: 'alice',
      kind: 'user',
      roles: ['user'],
      permissions: [...WIDGET_TOKEN_SCOPES].sort(),
      widget: { origin: OA },
    });

    const ours = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'private',
      name: 'order-817',
      memberIds: [ids['bob']],
    });
    const sent = await host.call(
      'POST',
      `/conversations/${ours.json().id}/messages`,
      widget(token),
      {
        text: 'from the OA page',
      },
    );
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().sender).toMatchObject({ id: ids['alice'], username: 'alice', kind: 'user' });
    const theirs = await host.call('POST', '/conversations', bob, {
      kind: 'channel',
      visibility: 'private',
      name: 'bob-and-carol',
      memberIds: [ids['carol']],
    });
    const peek = await host.call(
      'GET',
      `/conversations/${theirs.json().id}/messages`,
      widget(token),
    );
    expect(problemOf(peek)).toMatchObject({
      status: 404,
      code: 'messaging.conversation.not_found',
    });

    // Not even an administrator's widget token reaches anything but messages.
    const { token: adminToken } = await minted('admin');
    for (const as of [widget(token), widget(adminToken)])
      for (const [method, url] of [
        ['POST', '/widget/tokens'],
        ['GET', '/widget/sites'],
        ['GET', '/bots'],
        ['POST', '/me/sessions/revoke'],
        ['POST', `/users/${identityIds['bob']}/sessions/revoke`],
      ] as const) {
        const response = await host.call(method, url, as, method === 'POST' ? {} : undefined);
        expect(problemOf(response), `${method} ${url}`).toMatchObject({
          status: 403,
          code: 'auth.forbidden',
        });
      }
  });

  it('refuses a tampered, expired, orphaned or signed-out token with 401', async () => {
    const refusal = async (token: string) => problemOf(await me(widget(token)));
    const { token } = await minted('alice');
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await refusal(tampered)).toMatchObject({
      status: 401,
      code: 'auth.widget_token_invalid',
    });

    const { token: brief } = await minted('alice', OA, 60);
    expect((await me(widget(brief))).statusCode).toBe(200);
    await expireAt(brief, Date.now() - 1);
    expect(await refusal(brief)).toMatchObject({ status: 401, code: 'auth.token_expired' });

    const intranet = 'https://intranet.example.com';
    const site = await host.call('POST', '/widget/sites', admin, {
      origin: intranet,
      botId: bots['oa-bot']!.id,
    });
    const { token: orphan } = await minted('alice', intranet);
    expect((await me(widget(orphan))).statusCode).toBe(200);
    expect((await host.call('DELETE', `/widget/sites/${site.json().id}`, admin)).statusCode).toBe(
      204,
    );
    expect(await refusal(orphan)).toMatchObject({ status: 401, code: 'auth.widget_token_invalid' });
    expect(await host.app.get(WidgetSites, { strict: false }).byOrigin(intranet)).toBeUndefined();

    // Carol signs out everywhere: her widget token goes too; one minted afterwards works.
    const { token: carols } = await minted('carol');
    expect((await host.call('POST', '/me/sessions/revoke', carol)).statusCode).toBe(204);
    expect(await refusal(carols)).toMatchObject({ status: 401, code: 'auth.session_revoked' });
    expect((await me(widget((await minted('carol')).token))).statusCode).toBe(200);
  });

  it("closes a widget token's socket when the token expires; a JWT's stays open", async () => {
    const person = await host.device('alice');
    open.push(person.client);
    const { token } = await minted('alice');
    const expiresAt = Date.now() + 1_500;
    await expireAt(token, expiresAt);
    const client = await WsTestClient.connect(host.wsUrl, { token });
    open.push(client);
    const ready = await client.next('ready');
    expect(ready.data).toMatchObject({ userId: ids['alice'], identityId: identityIds['alice'] });

    const closed = await client.closed;
    expect(closed).toMatchObject({ code: 4401, reason: 'auth.token_expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    expect(Date.now() - expiresAt).toBeLessThan(2_000);
    await settle(person.client);
    // And it cannot come back with the same token.
    const retry = await WsTestClient.connect(host.wsUrl, { token });
    expect(await retry.closed).toMatchObject({ code: 4401, reason: 'auth.token_expired' });
  });
});
