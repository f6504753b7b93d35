import { randomUUID } from 'node:crypto';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { ChannelDirectoryQueries, type ChannelDirectoryRequest } from './channel-directory.queries';

/** The channel directory on both databases: what it lists, matching, order, paging, `joined`. */
describe.each(databaseFlavours)('channel directory on %s', (flavour) => {
  let h: MessagingHarness;
  let directory: ChannelDirectoryQueries;
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    directory = new ChannelDirectoryQueries(h.dataSource);
    [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((name) => h.person(randomUUID(), name)),
    );
    const channel = async (
      name: string,
      visibility: 'public' | 'private' = 'public',
      extra: { topic?: string; purpose?: string; memberIds?: string[] } = {},
    ) => {
      ids[name] = (
        await h.conversations.create(alice, { kind: 'channel', visibility, name, ...extra })
      ).conversation.id;
    };
    // Created out of order, so the order seen is the directory's own.
    await channel('Release train', 'public', { topic: 'weekly', purpose: 'ship it' });
    await channel('平台研发中心');
    await channel('ops-alerts');
    await channel('OPS_100%');
    await channel('opsXalerts');
    await channel('Zeta', 'public', { memberIds: [bob.id, carol.id] });
    await channel('alpha');
    await channel('ops archive');
    await h.conversations.archive(alice, ids['ops archive'] as string);
    // Not for the directory: a private channel (its members included), direct and group ones.
    await channel('ops private', 'private', { memberIds: [bob.id] });
    await h.conversations.create(alice, { kind: 'direct', userId: bob.id });
    await h.conversations.create(alice, { kind: 'group', userIds: [bob.id, carol.id] });
  });

  afterAll(async () => {
    await h?.close();
  });

  const names = async (as: Caller, request: Partial<ChannelDirectoryRequest> = {}) =>
    (await directory.list(as, { limit: 200, includeArchived: false, ...request })).items.map(
      (c) => c.name,
    );

  it('lists public channels by name, case-insensitively, never private or direct ones', async () => {
    const open = ['alpha', 'ops-alerts', 'OPS_100%', 'opsXalerts', 'Release train', 'Zeta'];
    expect(await names(bob)).toEqual([...open, '平台研发中心']);
    // Bob is a member of the private channel: it is in his conversation list, not here.
    const mine = await h.queries.list(bob, { limit: 50 });
    expect(mine.items.map((i) => i.conversation.id)).toContain(ids['ops private']);
    expect(await names(bob, { q: 'private' })).toEqual([]);
    const page = await directory.list(alice, { limit: 200, includeArchived: false });
    expect(page.nextCursor).toBeNull();
    expect(page.items.find((c) => c.name === 'Release train')).toMatchObject({
      id: ids['Release train'],
      topic: 'weekly',
      purpose: 'ship it',
      memberCount: 1,
      archivedAt: null,
      joined: true,
    });
    expect(page.items.find((c) => c.name === 'Zeta')?.memberCount).toBe(3);
  });

  it('shows archived channels only when asked, marked archived', async () => {
    expect(await names(bob, { q: 'ops archive' })).toEqual([]);
    const all = await directory.list(bob, { limit: 200, includeArchived: true });
    expect(all.items.map((c) => c.name)).toEqual([
      'alpha',
      'ops archive',
      'ops-alerts',
      'OPS_100%',
      'opsXalerts',
      'Release train',
      'Zeta',
      '平台研发中心',
    ]);
    expect(all.items.filter((c) => c.archivedAt !== null).map((c) => c.name)).toEqual([
      'ops archive',
    ]);
  });

  it('matches a Chinese word inside a name and an English prefix in any case', async () => {
    expect(await names(carol, { q: '研发' })).toEqual(['平台研发中心']);
    expect(await names(carol, { q: '平台' })).toEqual(['平台研发中心']);
    expect(await names(carol, { q: 'OPS' })).toEqual(['ops-alerts', 'OPS_100%', 'opsXalerts']);
    expect(await names(carol, { q: 'rel' })).toEqual(['Release train']);
    expect(await names(carol, { q: '  release   TRAIN ' })).toEqual(['Release train']);
    expect(await names(carol, { q: 'nothing like it' })).toEqual([]);
  });

  it('takes % and _ literally', async () => {
    expect(await names(carol, { q: '%' })).toEqual(['OPS_100%']);
    expect(await names(carol, { q: '100%' })).toEqual(['OPS_100%']);
    // `_` would match any one character (opsXalerts) if it were not escaped.
    expect(await names(carol, { q: 'ops_' })).toEqual(['OPS_100%']);
    expect(await names(carol, { q: '\\' })).toEqual([]);
  });

  it('says whether the caller is a member', async () => {
    const joined = async (as: Caller) =>
      Object.fromEntries(
        (await directory.list(as, { limit: 200, includeArchived: true })).items.map((c) => [
          c.name,
          c.joined,
        ]),
      );
    expect(Object.values(await joined(alice)).every(Boolean)).toBe(true);
    await h.members.join(bob, ids['alpha'] as string);
    const bobs = await joined(bob);
    expect(Object.keys(bobs).filter((name) => bobs[name])).toEqual(['alpha', 'Zeta']);
    await h.members.leave(bob, ids['alpha'] as string);
    expect((await joined(bob))['alpha']).toBe(false);
    expect(Object.values(await joined(carol)).filter(Boolean)).toHaveLength(1); // Zeta
  });

  it('pages in a stable order: every channel once, whatever is created meanwhile', async () => {
    // Same names are ordered by id.
    const twins: string[] = [];
    for (let i = 0; i < 3; i++)
      twins.push(
        (
          await h.conversations.create(alice, {
            kind: 'channel',
            visibility: 'public',
            name: i === 1 ? 'TWIN' : 'twin',
          })
        ).conversation.id,
      );
    const everything = (await directory.list(bob, { limit: 200, includeArchived: true })).items;
    expect(everything.filter((c) => c.name.toLowerCase() === 'twin').map((c) => c.id)).toEqual(
      [...twins].sort(),
    );
    const expected = everything.map((c) => c.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await directory.list(bob, { limit: 2, includeArchived: true, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      if (pages++ === 1) {
        // Mid-way: one channel sorts before the pages read, one after.
        await h.conversations.create(alice, { kind: 'channel', visibility: 'public', name: 'aaa' });
        const late = await h.conversations.create(alice, {
          kind: 'channel',
          visibility: 'public',
          name: 'zz top',
        });
        const cjk = everything.findIndex((c) => c.name === '平台研发中心');
        expected.splice(cjk, 0, late.conversation.id);
      }
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a cursor it did not give', async () => {
    await expect(
      directory.list(bob, { limit: 2, includeArchived: false, cursor: 'not-ours' }),
    ).rejects.toMatchObject({ code: 'messaging.cursor.invalid', kind: 'invalid' });
  });
});
