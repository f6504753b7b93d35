import { randomUUID } from 'node:crypto';
import { SearchIndexer } from '@tidings/messaging/data-access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { SearchQueries } from './search.queries';

/**
 * SQLite indexes new messages after the send, in batches (MessagingSearchPending1764600002500):
 * what is queued, what the background indexer and a search do with it, and edits and deletes
 * of messages still queued.
 */
describe('search indexing on sqlite', () => {
  let h: MessagingHarness;
  let alice: Caller;
  let channel: string;
  let indexer: SearchIndexer;
  let search: SearchQueries;

  const queued = async () =>
    Number(
      (
        (await h.dataSource.query('SELECT COUNT(*) AS n FROM messaging_search_pending')) as [
          { n: number },
        ]
      )[0].n,
    );
  const found = async (q: string) =>
    (await search.search(alice, { q, limit: 10 })).items.map((i) => i.text);

  beforeAll(async () => {
    h = await openMessagingHarness('sqlite');
    alice = await h.person(randomUUID(), 'alice');
    channel = (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'private',
        name: 'index',
        memberIds: [],
      })
    ).conversation.id;
    indexer = new SearchIndexer(h.dataSource);
    search = new SearchQueries(h.dataSource, indexer);
  });

  afterAll(async () => {
    await indexer.stop();
    await h?.close();
  });

  it('queues a sent message, and a search indexes it before it looks', async () => {
    await h.messages.send(alice, channel, { text: '季度报表 quarterly' });
    expect(await queued()).toBe(1);
    expect(await found('报表')).toEqual(['季度报表 quarterly']);
    expect(await queued()).toBe(0);
  });

  it('indexes in the background without anyone searching', async () => {
    for (let i = 0; i < 3; i++) await h.messages.send(alice, channel, { text: `background ${i}` });
    expect(await queued()).toBe(3);
    indexer.start(20);
    const deadline = Date.now() + 5_000;
    while ((await queued()) > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await indexer.stop();
    expect(await queued()).toBe(0);
    const [{ n }] = (await h.dataSource.query(
      'SELECT COUNT(*) AS n FROM messaging_search WHERE messaging_search MATCH \'"background"\'',
    )) as [{ n: number }];
    expect(Number(n)).toBe(3);
  });

  it('indexes an edited queued message once, with its new words only', async () => {
    const id = await h.messages.send(alice, channel, { text: 'draft wording' });
    await h.messages.edit(alice, id, 'final wording');
    expect(await queued()).toBe(0); // the edit indexed it and took it off the queue
    expect(await found('final')).toEqual(['final wording']);
    expect(await found('draft')).toEqual([]);
    expect(await found('wording')).toEqual(['final wording']);
  });

  it('never indexes a message deleted while queued', async () => {
    const id = await h.messages.send(alice, channel, { text: 'secret plans' });
    await h.messages.delete(alice, id);
    expect(await queued()).toBe(0);
    expect(await found('secret')).toEqual([]);
  });
});
