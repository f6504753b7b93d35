import { randomUUID } from 'node:crypto';
import { messagingStore } from '@tidings/messaging/data-access';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { SearchQueries } from '../search/search.queries';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { ContentPurgeActions, RETENTION_ACTOR, type PurgeRequest } from './content-purge.actions';

const DAY = 86_400_000;

/**
 * Retention's purge on both databases: what goes (text, card, edits, mentions, attachment
 * references, reactions, pin), what stays (the tombstone, system notices, held senders and
 * conversations, newer messages), one event per purged message, in batches.
 */
describe.each(databaseFlavours)('content purge on %s', (flavour) => {
  let h: MessagingHarness;
  let search: SearchQueries;
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;
  let channel: string;
  let group: string;
  /** The purge's "now": a fixed instant, 40 days after the backdated messages. */
  const now = Date.now() + DAY;
  const purge = (request: Partial<PurgeRequest>, batchSize?: number) =>
    new ContentPurgeActions(h.runner, () => now, batchSize).purgeContent({
      policyId: 'policy-1',
      before: now - 30 * DAY,
      exceptSenders: [],
      exceptConversations: [],
      ...request,
    });

  /** Moves messages 40 days back in time: past a 30-day policy. */
  const age = async (ids: readonly string[]) => {
    const p = (n: number) => (flavour === 'postgres' ? `$${n}` : '?');
    for (const id of ids)
      await h.dataSource.query(
        `UPDATE messaging_messages SET created_ms = created_ms - ${40 * DAY} WHERE id = ${p(1)}`,
        [id],
      );
  };
  const purgedEvents = async () =>
    h.events<{ messageId: string; seq: number; policyId: string; reason: string }>(
      'messaging.message.purged',
    );

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    search = new SearchQueries(h.dataSource);
    [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((n) => h.person(randomUUID(), n)),
    );
    channel = (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'public',
        name: 'general',
        memberIds: [bob.id],
      })
    ).conversation.id;
    group = (await h.conversations.create(alice, { kind: 'group', userIds: [bob.id, carol.id] }))
      .conversation.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('clears old content, keeps the tombstone, and says so once per message', async () => {
    const file = await h.file(alice, channel);
    const root = await h.messages.send(alice, channel, {
      text: 'quarterly numbers @bob',
      fileIds: [file],
    });
    await h.messages.edit(alice, root, 'quarterly numbers, final @bob');
    await h.reactions.add(bob, root, '👍');
    await h.pins.pin(alice, root);
    const reply = await h.messages.send(bob, channel, { text: 'thanks', threadRootId: root });
    const inGroup = await h.messages.send(alice, group, { text: 'quarterly in the group' });
    const fresh = await h.messages.send(bob, channel, { text: 'quarterly fresh' });
    await age([root, reply, inGroup]);
    const before = (await h.queries.message(root)).seq;

    expect(await purge({ conversationKind: 'channel' })).toBe(2);

    const purged = await h.queries.message(root, bob.id);
    expect(purged).toMatchObject({
      seq: before,
      senderId: alice.id,
      text: '',
      card: null,
      broadcast: null,
      mentions: [],
      fileIds: [],
      files: [],
      reactions: [],
      pinned: null,
      deletedAt: now,
      purgedAt: now,
    });
    // The reply is gone from the root's count, as for a deletion.
    expect(purged.replyCount).toBe(0);
    expect(await h.dataSource.query('SELECT * FROM messaging_message_edits')).toEqual([]);
    expect((await h.queries.message(reply)).purgedAt).toBe(now);
    // Not a channel, and not old enough: both untouched.
    expect(await h.queries.message(inGroup)).toMatchObject({
      text: 'quarterly in the group',
      purgedAt: null,
    });
    expect(await h.queries.message(fresh)).toMatchObject({ text: 'quarterly fresh' });
    // Search no longer finds the purged text; it finds the rest.
    const hits = (await search.search(bob, { q: 'quarterly', limit: 50 })).items;
    expect(hits.map((hit) => hit.messageId).sort()).toEqual([fresh, inGroup].sort());

    const events = await purgedEvents();
    expect(events.map((e) => e.messageId).sort()).toEqual([root, reply].sort());
    expect(events.find((e) => e.messageId === root)).toEqual({
      conversationId: channel,
      messageId: root,
      seq: before,
      purgedAt: new Date(now).toISOString(),
      reason: 'retention',
      policyId: 'policy-1',
    });
    const [envelope] = (await h.dataSource.query(
      `SELECT envelope FROM messaging_outbox WHERE event_type = 'messaging.message.purged'`,
    )) as Array<{ envelope: string }>;
    expect(JSON.parse(envelope!.envelope)).toMatchObject({ actor: RETENTION_ACTOR });

    // Nothing left to purge: a second run changes nothing and says nothing.
    expect(await purge({ conversationKind: 'channel' })).toBe(0);
    expect(await purgedEvents()).toHaveLength(2);
  });

  it('spares held senders and held conversations, and never touches system notices', async () => {
    const projects = (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'public',
        name: 'projects',
        memberIds: [bob.id],
      })
    ).conversation.id;
    await h.members.join(carol, projects);
    const fromAlice = await h.messages.send(alice, projects, { text: 'held by sender' });
    const fromBob = await h.messages.send(bob, projects, { text: 'not held' });
    const notices = (
      await h.queries.history(alice, projects, { after: 0, limit: 100 })
    ).items.filter((m) => m.system);
    expect(notices.length).toBeGreaterThan(0);
    await age([fromAlice, fromBob, ...notices.map((m) => m.id)]);

    expect(await purge({ conversationId: projects, exceptConversations: [projects] })).toBe(0);
    expect(await purge({ conversationId: projects, exceptSenders: [alice.id] })).toBe(1);
    expect((await h.queries.message(fromAlice)).text).toBe('held by sender');
    expect((await h.queries.message(fromBob)).purgedAt).toBe(now);
    for (const notice of notices)
      expect(await h.queries.message(notice.id)).toMatchObject({
        text: notice.text,
        purgedAt: null,
      });
  });

  it('works through many messages in batches, each message once', async () => {
    const dm = (await h.conversations.create(alice, { kind: 'direct', userId: bob.id }))
      .conversation.id;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(await h.messages.send(i % 2 ? alice : bob, dm, { text: `old ${i}` }));
    await age(ids);
    const seen = (await purgedEvents()).length;
    expect(await purge({ conversationKind: 'direct', policyId: 'policy-dm' }, 3)).toBe(7);
    const events = (await purgedEvents()).slice(seen);
    expect(events.map((e) => e.messageId)).toEqual(ids);
    expect(events.every((e) => e.policyId === 'policy-dm')).toBe(true);
  });

  it('an edit that read the message before the purge committed does not bring its text back', async () => {
    const id = await h.messages.send(alice, channel, { text: 'old plans' });
    // What an edit in flight had read: the message as it was before the purge.
    const before = await messagingStore(h.dataSource).messages.findById(id);
    await age([id]);
    await purge({ conversationId: channel });
    const edited = await messagingStore(h.dataSource).messages.edit(
      before!,
      { text: 'new plans', broadcast: null, mentions: [] },
      alice.id,
      now,
    );
    expect(edited).toBe(false);
    const after = await messagingStore(h.dataSource).messages.findById(id);
    expect(after).toMatchObject({ text: '', purgedAt: expect.any(Number) });
    await expect(h.messages.edit(alice, id, 'newer plans')).rejects.toMatchObject({
      code: 'messaging.message.deleted',
    });
  });

  it('refuses a request it cannot apply, naming the field', async () => {
    await expect(purge({ before: Number.NaN })).rejects.toMatchObject({
      code: 'messaging.purge.invalid',
      issues: [{ path: 'before' }],
    });
    await expect(
      purge({ conversationKind: 'forum' as unknown as 'channel' }),
    ).rejects.toMatchObject({
      code: 'messaging.purge.invalid',
      issues: [{ path: 'conversationKind' }],
    });
  });
});
