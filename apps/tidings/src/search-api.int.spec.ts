import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const carol: As = { username: 'carol' };

/** GET /api/v1/search through the whole host: a token, the route, problem+json, OpenAPI. */
describe('search API', () => {
  const db = createTestSqliteDatabase();
  const host = new MessagingTestHost();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await host.start({ DATABASE_URL: db.url });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  const post = async (as: As, url: string, body: unknown) => {
    const response = await host.call('POST', url, as, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; seq: number };
  };
  const search = (as: As, query: string) =>
    host.call('GET', `/search?${new URLSearchParams({ q: query }).toString()}`, as);

  it('finds words for members only, with an escaped, marked snippet', async () => {
    const secret = await post(alice, '/conversations', {
      kind: 'channel',
      visibility: 'private',
      name: 'secret',
      memberIds: [ids['bob']],
    });
    const sent = await post(alice, `/conversations/${secret.id}/messages`, {
      text: '<b>明天</b>讨论数据库迁移',
    });

    const found = await search(bob, '数据库');
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toEqual({
      items: [
        {
          messageId: sent.id,
          seq: sent.seq,
          conversation: { id: secret.id, kind: 'channel', name: 'secret' },
          sender: {
            id: ids['alice'],
            kind: 'user',
            username: 'alice',
            displayName: 'ALICE',
            active: true,
          },
          createdAt: expect.any(String),
          editedAt: null,
          snippet: '&lt;b&gt;明天&lt;/b&gt;讨论<mark>数据库</mark>迁移',
          card: null,
          cardVersion: 0,
        },
      ],
      nextCursor: null,
    });
    // Carol is no member: nothing, also when she names the conversation.
    for (const q of ['数据库', `in:${secret.id}`, 'in:secret 数据库'])
      expect((await search(carol, q)).json(), q).toEqual({ items: [], nextCursor: null });
  });

  it('answers a query it cannot read with 400 problem+json', async () => {
    const response = await search(bob, 'x before:someday');
    expect(response.statusCode).toBe(400);
    expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'messaging.search.bad_query' });
    const tooMany = await host.call('GET', '/search?q=x&limit=51', bob);
    expect(tooMany.json()).toMatchObject({ status: 400, code: 'request.invalid' });
  });

  it('is in OpenAPI', async () => {
    const doc = await host.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/api/docs/openapi.json' });
    const operation = (
      doc.json() as { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> }
    ).paths['/api/v1/search']?.['get'];
    expect(operation?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'cursor', 'limit', 'tz']),
    );
  });
});
