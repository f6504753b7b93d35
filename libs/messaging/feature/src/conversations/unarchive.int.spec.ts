import { randomUUID } from 'node:crypto';
import type { ConversationUnarchivedV1, MessageSentV1 } from '@tidings/contracts';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCaller, type Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

/** Unarchive on both databases: who may, what it records, and that writes work again. */
describe.each(databaseFlavours)('unarchive on %s', (flavour) => {
  let h: MessagingHarness;
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;
  let moderator: Caller;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((name) => h.person(randomUUID(), name)),
    );
    moderator = userCaller((await h.person(randomUUID(), 'mod')).id, true);
  });

  afterAll(async () => {
    await h?.close();
  });

  /** A channel of alice's with bob in it (`bobRole`), one message, then archived. */
  const archivedChannel = async (
    visibility: 'public' | 'private',
    bobRole: 'member' | 'owner' = 'member',
  ) => {
    const { conversation } = await h.conversations.create(alice, {
      kind: 'channel',
      visibility,
      name: 'release train',
      memberIds: [bob.id],
    });
    if (bobRole === 'owner') await h.members.changeRole(alice, conversation.id, bob.id, 'owner');
    await h.messages.send(bob, conversation.id, { text: 'before the archive' });
    await h.conversations.archive(alice, conversation.id);
    return conversation.id;
  };

  it('reopens a channel for its owner, not for a member; writes are refused until then', async () => {
    const id = await archivedChannel('private');
    await expect(h.messages.send(bob, id, { text: 'too early' })).rejects.toMatchObject({
      code: 'messaging.conversation.archived',
      kind: 'forbidden',
    });
    await expect(h.conversations.unarchive(bob, id)).rejects.toMatchObject({
      code: 'messaging.role.insufficient',
      kind: 'forbidden',
    });
    // Refused attempts leave it archived, with nothing posted.
    expect((await h.queries.get(bob, id)).conversation.archivedAt).not.toBeNull();
    expect(await h.events('messaging.conversation.unarchived')).toEqual([]);

    const reopened = await h.conversations.unarchive(alice, id);
    expect(reopened).toMatchObject({ id, archivedAt: null, archivedBy: null, lastSeq: 3 });
    expect((await h.queries.get(bob, id)).conversation).toMatchObject({
      archivedAt: null,
      lastSeq: 3,
    });

    const sent = await h.messages.send(bob, id, { text: 'back in business' });
    const history = (await h.queries.history(bob, id, { limit: 50 })).items;
    expect(history.map((m) => [m.seq, m.system?.type ?? 'user', m.senderId, m.text])).toEqual([
      [1, 'user', bob.id, 'before the archive'],
      [2, 'conversation.archived', alice.id, 'alice archived the channel.'],
      [3, 'conversation.unarchived', alice.id, 'alice unarchived the channel.'],
      [4, 'user', bob.id, 'back in business'],
    ]);
    expect(history[3]?.id).toBe(sent);
    expect(history[2]?.system).toEqual({ type: 'conversation.unarchived' });
    // Every write works again, not just sending.
    await h.conversations.update(bob, id, { topic: 'open again' });
    await h.members.leave(bob, id);
  });

  it('publishes messaging.conversation.unarchived with the notice, in one transaction', async () => {
    const id = await archivedChannel('public');
    await h.conversations.unarchive(alice, id);
    const events = await h.events<ConversationUnarchivedV1>('messaging.conversation.unarchived');
    const event = events.find((e) => e.conversationId === id);
    expect(event).toMatchObject({ conversationId: id, unarchivedBy: alice.id });
    const notice = (await h.events<MessageSentV1>('messaging.message.sent')).find(
      (e) => e.conversationId === id && e.system?.type === 'conversation.unarchived',
    );
    expect(notice).toMatchObject({ kind: 'system', senderId: alice.id, seq: 3 });
    expect(event?.unarchivedAt).toBe(notice?.sentAt);
  });

  it('answers 409 messaging.conversation.not_archived for an open channel, once reopened too', async () => {
    const id = await archivedChannel('public');
    await h.conversations.unarchive(alice, id);
    await expect(h.conversations.unarchive(alice, id)).rejects.toMatchObject({
      code: 'messaging.conversation.not_archived',
      kind: 'conflict',
    });
    const { conversation: open } = await h.conversations.create(alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'never archived',
    });
    await expect(h.conversations.unarchive(alice, open.id)).rejects.toMatchObject({
      code: 'messaging.conversation.not_archived',
    });
  });

  it('reopens once when several owners try at the same moment', async () => {
    const id = await archivedChannel('public', 'owner');
    const before = (await h.events('messaging.conversation.unarchived')).length;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => h.conversations.unarchive(i % 2 ? bob : alice, id)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect(r.reason).toMatchObject({ code: 'messaging.conversation.not_archived' });
    expect((await h.events('messaging.conversation.unarchived')).length).toBe(before + 1);
    const history = (await h.queries.history(alice, id, { limit: 50 })).items;
    expect(history.filter((m) => m.system?.type === 'conversation.unarchived')).toHaveLength(1);
  });

  it('follows the archive rules: moderators in channels they can see, outsiders not', async () => {
    const open = await archivedChannel('public');
    await expect(h.conversations.unarchive(carol, open)).rejects.toMatchObject({
      code: 'messaging.conversation.not_member',
    });
    await h.conversations.unarchive(moderator, open);
    const secret = await archivedChannel('private');
    await expect(h.conversations.unarchive(moderator, secret)).rejects.toMatchObject({
      code: 'messaging.conversation.not_found',
    });
    const { conversation: group } = await h.conversations.create(alice, {
      kind: 'group',
      userIds: [bob.id, carol.id],
    });
    await expect(h.conversations.unarchive(alice, group.id)).rejects.toMatchObject({
      code: 'messaging.conversation.not_a_channel',
    });
  });
});
