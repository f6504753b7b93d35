import { randomUUID } from 'node:crypto';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, problemOf, type As } from './messaging.testing';

const admin: As = { username: 'root', roles: ['admin'] };
const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const carol: As = { username: 'carol' };
const ERP = 'https://erp.example.com';
const OA = 'https://oa.example.com';

interface Opened {
  conversationId: string;
  created: boolean;
  title: string;
  context: { origin: string; key: string; url: string | null };
  archived: boolean;
}

/**
 * POST /widget/contexts through the real host: identity's widget sites bound to messaging's
 * port by the host wiring, the answers and problem codes, the views carrying the context,
 * and a widget token held to its own site (docs/widget.md, "Context conversations").
 */
describe('widget context conversations API', () => {
  const db = createTestSqliteDatabase();
  const host = new MessagingTestHost();
  const ids: Record<string, string> = {};
  let botBearer: As;
  let minter: As;

  beforeAll(async () => {
    await host.start({ DATABASE_URL: db.url });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    const bot = await host.call('POST', '/bots', admin, { username: 'erp-widget' });
    expect(bot.statusCode, bot.body).toBe(201);
    const botId = (bot.json() as { id: string }).id;
    // Messaging learns the bot from identity.bot.created: it must own the channels.
    await host.projected([...Object.values(ids), botId]);
    for (const origin of [ERP, OA]) {
      const site = await host.call('POST', '/widget/sites', admin, { origin, botId });
      expect(site.statusCode, site.body).toBe(201);
    }
    const tokenOf = async (body: object) => {
      const token = await host.call('POST', `/bots/${botId}/tokens`, admin, body);
      expect(token.statusCode, token.body).toBe(201);
      return { username: 'erp-widget', bearer: (token.json() as { token: string }).token };
    };
    botBearer = await tokenOf({});
    minter = await tokenOf({ scopes: ['widget.tokens.issue'] });
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  const open = (as: As, body: object) => host.call('POST', '/widget/contexts', as, body);

  it('creates the context conversation (201), then reopens and joins it (200)', async () => {
    const context = `erp:order:SO-${randomUUID()}`;
    const first = await open(alice, {
      origin: 'HTTPS://ERP.example.com:443',
      context,
      title: 'Order SO-1',
      members: ['bob'],
      link: `${ERP}/orders/SO-1`,
    });
    expect(first.statusCode, first.body).toBe(201);
    const opened = first.json() as Opened;
    expect(opened).toEqual({
      conversationId: expect.any(String),
      created: true,
      title: 'Order SO-1',
      context: { origin: ERP, key: context, url: `${ERP}/orders/SO-1` },
      archived: false,
    });
    const again = await open(carol, { origin: ERP, context });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ ...opened, created: false });

    // Everyone in it reads the conversation with its context, alone and in their list.
    for (const who of [alice, bob, carol]) {
      const one = await host.call('GET', `/conversations/${opened.conversationId}`, who);
      expect(one.statusCode, one.body).toBe(200);
      expect(one.json()).toMatchObject({
        kind: 'channel',
        visibility: 'private',
        name: 'Order SO-1',
        context: opened.context,
        membership: { role: 'member' },
      });
    }
    const list = await host.call('GET', '/conversations', carol);
    const items = (list.json() as { items: Array<{ id: string; context: unknown }> }).items;
    expect(items.find((c) => c.id === opened.conversationId)?.context).toEqual(opened.context);
  });

  it('answers the refusals as problem+json with their codes', async () => {
    const context = `erp:order:SO-${randomUUID()}`;
    const expectProblem = async (as: As, body: object, status: number, code: string) => {
      const response = await open(as, body);
      expect(problemOf(response), response.body).toEqual({
        status,
        code,
        type: 'application/problem+json',
      });
      return response.json() as { errors?: Array<{ path: string }> };
    };
    await expectProblem(
      alice,
      { origin: 'https://evil.example.com', context },
      403,
      'widget.origin_not_allowed',
    );
    await expectProblem(botBearer, { origin: ERP, context }, 403, 'widget.people_only');
    await expectProblem(alice, { origin: ERP, context: 'a\u0000b' }, 400, 'request.invalid');
    const link = await expectProblem(
      alice,
      { origin: ERP, context, link: `${OA}/orders/1` },
      400,
      'widget.link_invalid',
    );
    expect(link.errors?.map((e) => e.path)).toEqual(['body.link']);
    const members = await expectProblem(
      alice,
      { origin: ERP, context, members: ['bob', 'nobody-here'] },
      400,
      'widget.member_unknown',
    );
    expect(members.errors?.map((e) => e.path)).toEqual(['body.members.1']);
    // Nothing was made by the refused calls: the first good one creates.
    expect((await open(alice, { origin: ERP, context })).statusCode).toBe(201);
  });

  it("holds a widget token to its own site's origin", async () => {
    const minted = await host.call('POST', '/widget/tokens', minter, {
      username: 'alice',
      origin: ERP,
    });
    expect(minted.statusCode, minted.body).toBe(201);
    const widget: As = { username: 'alice', bearer: (minted.json() as { token: string }).token };
    const context = `erp:order:SO-${randomUUID()}`;
    const elsewhere = await open(widget, { origin: OA, context });
    expect(problemOf(elsewhere)).toEqual({
      status: 403,
      code: 'widget.origin_mismatch',
      type: 'application/problem+json',
    });
    const here = await open(widget, { origin: ERP, context });
    expect(here.statusCode, here.body).toBe(201);
    // The person the token acts for is the one in the conversation.
    const id = (here.json() as Opened).conversationId;
    expect((await host.call('GET', `/conversations/${id}`, alice)).statusCode).toBe(200);
  });
});
