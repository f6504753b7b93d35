import { randomUUID } from 'node:crypto';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { SearchQueries, type SearchPage } from './search.queries';

/** Finding messages on both databases: words in any script, filters, edits, paging. */
describe.each(databaseFlavours)('search on %s', (flavour) => {
  let h: MessagingHarness;
  let search: SearchQueries;
  let alice: Caller;
  let bob: Caller;
  let general: string;
  let random: string;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    search = new SearchQueries(h.dataSource);
    [alice, bob] = await Promise.all(['alice', 'Bob'].map((name) => h.person(randomUUID(), name)));
    const channel = async (name: string) =>
      (
        await h.conversations.create(alice, {
          kind: 'channel',
          visibility: 'public',
          name,
          memberIds: [bob.id],
        })
      ).conversation.id;
    general = await channel('General');
    random = await channel('random');
  });

  afterAll(async () => {
    await h?.close();
  });

  const find = (q: string, as: Caller = bob, more: { cursor?: string; limit?: number } = {}) =>
    search.search(as, { q, limit: more.limit ?? 50, cursor: more.cursor });
  const ids = (page: SearchPage) => page.items.map((i) => i.messageId);
  const send = (as: Caller, conversationId: string, text: string, fileIds?: string[]) =>
    h.messages.send(as, conversationId, { text, ...(fileIds ? { fileIds } : {}) });
  /** Moves a message in time (tests of date filters; the trigger index does not care). */
  const backdate = async (messageId: string, iso: string) => {
    const p = flavour === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    await h.dataSource.query(
      `UPDATE messaging_messages SET created_ms = ${p[0]} WHERE id = ${p[1]}`,
      [Date.parse(iso), messageId],
    );
  };

  it('finds a Chinese word inside a sentence, and a two-character one', async () => {
    const plan = await send(alice, general, '我们明天讨论数据库迁移的方案');
    const room = await send(alice, general, '下午三点开会议室见');
    await send(alice, general, '今天开会了'); // 开会 shares a character with 会议, not the word

    const db = await find('数据库');
    expect(ids(db)).toEqual([plan]);
    expect(db.items[0]).toMatchObject({
      conversationId: general,
      conversationName: 'General',
      conversationKind: 'channel',
      senderId: alice.id,
      author: { username: 'alice' },
      seq: expect.any(Number),
      snippet: '我们明天讨论<mark>数据库</mark>迁移的方案',
    });
    // Two characters: below the trigram index's three, found all the same.
    const meeting = await find('会议');
    expect(ids(meeting)).toEqual([room]);
    expect(meeting.items[0]?.snippet).toBe('下午三点开<mark>会议</mark>室见');
  });

  it('finds an English word whatever its case; every word must occur', async () => {
    const build = await send(bob, random, 'Deploy the new BUILD tonight');
    await send(bob, random, 'the build is green');
    expect(ids(await find('build deploy'))).toEqual([build]);
    expect(ids(await find('DEPLOY'))).toEqual([build]);
    expect((await find('Deploy tonight')).items[0]?.snippet).toBe(
      '<mark>Deploy</mark> the new BUILD <mark>tonight</mark>',
    );
    // A phrase is one substring, spaces included.
    expect(ids(await find('"new build"'))).toEqual([build]);
    expect(ids(await find('"build new"'))).toEqual([]);
    // Case beyond ASCII: the trigram indexes fold Unicode (SQLite's LIKE alone would not).
    const umlaut = await send(bob, random, 'ÜBERSICHT der Straße');
    expect(ids(await find('übersicht'))).toEqual([umlaut]);
  });

  it('takes % and _ literally, and unknown operators as words', async () => {
    const percent = await send(alice, random, 'load at 100% since https://status.example/x_y');
    await send(alice, random, 'load at 1000 since https://status.example/xzy');
    expect(ids(await find('100%'))).toEqual([percent]);
    expect(ids(await find('x_y'))).toEqual([percent]);
    expect(ids(await find('https://status.example/x_y'))).toEqual([percent]);
  });

  it('filters by from:, in: (id or channel name) and has:file', async () => {
    const fromAlice = await send(alice, general, 'quarterly report draft');
    const fromBob = await send(bob, random, 'quarterly report final', [await h.file(bob, random)]);
    expect(ids(await find('quarterly'))).toEqual([fromBob, fromAlice]);
    expect(ids(await find('quarterly from:alice'))).toEqual([fromAlice]);
    expect(ids(await find('quarterly from:@BOB'))).toEqual([fromBob]);
    expect(ids(await find('quarterly from:nobody'))).toEqual([]);
    expect(ids(await find(`quarterly in:${general}`))).toEqual([fromAlice]);
    expect(ids(await find('quarterly in:#general'))).toEqual([fromAlice]); // names ignore case
    expect(ids(await find(`quarterly in:random in:${general}`))).toEqual([fromBob, fromAlice]);
    expect(ids(await find('quarterly has:file'))).toEqual([fromBob]);
    // Filters alone are a search too.
    expect(ids(await find('has:file from:bob'))).toEqual([fromBob]);
  });

  it('filters by days, in the time zone asked for', async () => {
    const may1 = await send(alice, general, 'retro notes one');
    const may1Evening = await send(alice, general, 'retro notes two');
    const june = await send(alice, general, 'retro notes three');
    await backdate(may1, '2024-05-01T10:00:00Z');
    await backdate(may1Evening, '2024-05-01T20:00:00Z'); // already 2 May in Shanghai
    await backdate(june, '2024-06-15T12:00:00Z');
    const q = async (filter: string, tz?: string) =>
      ids(await search.search(bob, { q: `retro ${filter}`, limit: 50, tz }));

    expect(await q('on:2024-05-01')).toEqual([may1Evening, may1]);
    expect(await q('on:2024-05-01', 'Asia/Shanghai')).toEqual([may1]);
    expect(await q('before:2024-05-02 after:2024-04-30')).toEqual([may1Evening, may1]);
    expect(await q('after:2024-05-01')).toEqual(expect.arrayContaining([june]));
    expect(await q('after:2024-05-01')).not.toContain(may1Evening);
    expect(await q('during:2024-06')).toEqual([june]);
    expect(await q('before:2024-01-01')).toEqual([]);
  });

  it('finds edited text by its new words only, and deleted messages not at all', async () => {
    const id = await send(alice, general, 'alpha rollout 上海');
    expect(ids(await find('alpha'))).toEqual([id]);
    await h.messages.edit(alice, id, 'beta rollout 北京');
    expect(ids(await find('alpha'))).toEqual([]);
    expect(ids(await find('上海'))).toEqual([]);
    expect(ids(await find('beta'))).toEqual([id]);
    expect(ids(await find('北京'))).toEqual([id]);
    expect((await find('beta')).items[0]?.editedAt).toEqual(expect.any(Number));
    await h.messages.delete(alice, id);
    for (const q of ['beta', 'rollout', '北京', `from:alice in:${general} rollout`])
      expect(ids(await find(q)), q).toEqual([]);
  });

  it('escapes message text in snippets', async () => {
    await send(alice, random, '<img src=x onerror=alert(1)> 会议纪要 & "notes"');
    const [hit] = (await find('会议纪要')).items;
    expect(hit?.snippet).toBe(
      '&lt;img src=x onerror=alert(1)&gt; <mark>会议纪要</mark> &amp; &quot;notes&quot;',
    );
  });

  it('pages newest first by cursor, stable while new messages arrive', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 7; i++) sent.push(await send(bob, random, `pager ${i}`));
    const newestFirst = [...sent].reverse();
    const first = await find('pager', bob, { limit: 3 });
    expect(ids(first)).toEqual(newestFirst.slice(0, 3));
    // A new message lands on top; the pages already started do not shift.
    await send(bob, random, 'pager late');
    const second = await find('pager', bob, { limit: 3, cursor: first.nextCursor ?? '' });
    const third = await find('pager', bob, { limit: 3, cursor: second.nextCursor ?? '' });
    expect([...ids(second), ...ids(third)]).toEqual(newestFirst.slice(3));
    expect(third.nextCursor).toBeNull();
  });

  it('refuses a query it cannot read with messaging.search.bad_query', async () => {
    for (const q of ['x before:tomorrow', 'x on:2025-02-30', '', '   '])
      await expect(find(q), q).rejects.toMatchObject({
        code: 'messaging.search.bad_query',
        kind: 'invalid',
      });
    await expect(
      search.search(bob, { q: 'x', limit: 5, tz: 'Mars/Olympus' }),
    ).rejects.toMatchObject({ code: 'messaging.search.bad_query' });
    await expect(find('x', bob, { cursor: 'not-ours' })).rejects.toMatchObject({
      code: 'messaging.cursor.invalid',
    });
  });
});
