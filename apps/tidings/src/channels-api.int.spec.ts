import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, problemOf, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
/** A compliance officer: no messaging.read, so no channel directory. */
const auditor: As = { username: 'auditor', roles: ['compliance'] };

interface DirectoryPage {
  items: Array<{ id: string; name: string; archived: boolean; joined: boolean }>;
  nextCursor: string | null;
}

/** The channel directory and unarchive through the real host: routes, codes, problem+json. */
describe('channel directory and unarchive API', () => {
  const db = createTestSqliteDatabase();
  const host = new MessagingTestHost();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await host.start({ DATABASE_URL: db.url });
    for (const name of ['alice', 'bob']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  const channel = async (
    visibility: 'public' | 'private',
    name: string,
    memberIds: string[] = [],
  ) => {
    const response = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility,
      name,
      memberIds,
    });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { id: string }).id;
  };

  it('GET /channels lists public channels by name and pages with a cursor', async () => {
    const general = await channel('public', '综合 General');
    await channel('public', 'general-announcements');
    await channel('private', 'general secret');
    const first = await host.call(
      'GET',
      `/channels?q=${encodeURIComponent('GENERAL')}&limit=1`,
      bob,
    );
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json() as DirectoryPage;
    expect(page.items.map((c) => [c.name, c.joined, c.archived])).toEqual([
      ['general-announcements', false, false],
    ]);
    const second = (
      await host.call('GET', `/channels?q=general&limit=1&cursor=${page.nextCursor}`, bob)
    ).json() as DirectoryPage;
    expect(second).toMatchObject({
      items: [{ id: general, name: '综合 General' }],
      nextCursor: null,
    });
    const cjk = (await host.call('GET', `/channels?q=${encodeURIComponent('综合')}`, alice)).json();
    expect(cjk).toMatchObject({ items: [{ id: general, joined: true }] });
  });

  it('GET /channels answers bad input with 400 problem+json, and needs messaging.read', async () => {
    expect(problemOf(await host.call('GET', '/channels?cursor=not-ours', bob))).toEqual({
      status: 400,
      code: 'messaging.cursor.invalid',
      type: 'application/problem+json',
    });
    for (const query of ['limit=0', 'limit=201', 'includeArchived=yes'])
      expect(problemOf(await host.call('GET', `/channels?${query}`, bob))).toMatchObject({
        status: 400,
        code: 'request.invalid',
      });
    expect(problemOf(await host.call('GET', '/channels', auditor))).toMatchObject({
      status: 403,
      type: 'application/problem+json',
    });
    const anonymous = await host.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/api/v1/channels' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('POST /conversations/{id}/unarchive: 403 for a member, 200 for the owner, then 409', async () => {
    const id = await channel('public', 'to reopen', [ids['bob'] as string]);
    const archive = await host.call('POST', `/conversations/${id}/archive`, alice);
    expect(archive.statusCode, archive.body).toBe(200);
    expect(
      problemOf(await host.call('POST', `/conversations/${id}/messages`, bob, { text: 'x' })),
    ).toEqual({
      status: 403,
      code: 'messaging.conversation.archived',
      type: 'application/problem+json',
    });
    expect(problemOf(await host.call('POST', `/conversations/${id}/unarchive`, bob))).toEqual({
      status: 403,
      code: 'messaging.role.insufficient',
      type: 'application/problem+json',
    });
    // Archived channels are in the directory only when asked for.
    const listed = async (query: string) =>
      ((await host.call('GET', `/channels?q=reopen${query}`, bob)).json() as DirectoryPage).items;
    expect(await listed('')).toEqual([]);
    expect(await listed('&includeArchived=true')).toMatchObject([{ id, archived: true }]);

    const reopened = await host.call('POST', `/conversations/${id}/unarchive`, alice);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ id, archived: false, archivedAt: null });
    expect(await listed('')).toMatchObject([{ id, archived: false, joined: true }]);
    const sent = await host.call('POST', `/conversations/${id}/messages`, bob, { text: 'again' });
    expect(sent.statusCode, sent.body).toBe(201);
    const history = (await host.call('GET', `/conversations/${id}/messages`, bob)).json() as {
      items: Array<{ kind: string; text: string; system: { type: string } | null }>;
    };
    expect(history.items.slice(-2)).toMatchObject([
      {
        kind: 'system',
        text: 'ALICE unarchived the channel.',
        system: { type: 'conversation.unarchived' },
      },
      { kind: 'user', text: 'again' },
    ]);

    expect(problemOf(await host.call('POST', `/conversations/${id}/unarchive`, alice))).toEqual({
      status: 409,
      code: 'messaging.conversation.not_archived',
      type: 'application/problem+json',
    });
    const secret = await channel('private', 'hidden');
    expect(problemOf(await host.call('POST', `/conversations/${secret}/unarchive`, bob))).toEqual({
      status: 404,
      code: 'messaging.conversation.not_found',
      type: 'application/problem+json',
    });
  });

  it('is in OpenAPI', async () => {
    const doc = await host.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/api/docs/openapi.json' });
    const paths = (
      doc.json() as { paths: Record<string, Record<string, { parameters?: { name: string }[] }>> }
    ).paths;
    expect(paths['/api/v1/channels']?.['get']?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['q', 'cursor', 'limit', 'includeArchived']),
    );
    expect(paths['/api/v1/conversations/{id}/unarchive']?.['post']).toBeDefined();
  });
});
