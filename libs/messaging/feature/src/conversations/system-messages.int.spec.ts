import { randomUUID } from 'node:crypto';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

/**
 * System messages: every membership and channel change leaves a notice in history, through
 * the send path, in the change's own transaction — so history shows them in order.
 */
describe.each(databaseFlavours)('system messages on %s', (flavour) => {
  let h: MessagingHarness;
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    alice = await h.person(randomUUID(), 'alice');
    bob = await h.person(randomUUID(), 'bob');
    carol = await h.person(randomUUID(), 'carol');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('records joins, leaves, invitations, removals, renames, topics and the archive in order', async () => {
    const { conversation: c } = await h.conversations.create(alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'plans',
    });
    await h.members.join(bob, c.id);
    await h.messages.send(bob, c.id, { text: 'hi all' });
    await h.conversations.update(alice, c.id, { name: 'roadmap', topic: 'Q3' });
    await h.members.invite(bob, c.id, [carol.id]);
    await h.members.remove(alice, c.id, carol.id);
    await h.conversations.update(bob, c.id, { topic: null, purpose: 'planning' });
    await h.members.leave(bob, c.id);
    await h.conversations.archive(alice, c.id);

    const history = (await h.queries.history(alice, c.id, { limit: 50 })).items;
    expect(history.map((m) => [m.seq, m.system?.type ?? 'user', m.senderId, m.text])).toEqual([
      [1, 'member.joined', bob.id, 'bob joined.'],
      [2, 'user', bob.id, 'hi all'],
      [3, 'conversation.renamed', alice.id, 'alice renamed the channel to “roadmap”.'],
      [4, 'conversation.topic_changed', alice.id, 'alice set the topic: Q3'],
      [5, 'members.added', bob.id, 'bob added carol.'],
      [6, 'members.removed', alice.id, 'alice removed carol.'],
      [7, 'conversation.topic_changed', bob.id, 'bob cleared the topic.'],
      [8, 'conversation.purpose_changed', bob.id, 'bob set the purpose: planning'],
      [9, 'member.left', bob.id, 'bob left.'],
      [10, 'conversation.archived', alice.id, 'alice archived the channel.'],
    ]);
    expect(history[2]?.system).toEqual({
      type: 'conversation.renamed',
      name: 'roadmap',
      previousName: 'plans',
    });
    expect(history[4]?.system).toEqual({ type: 'members.added', userIds: [carol.id] });

    // The same in the events: kind system, with what happened.
    const sent = (
      await h.events<{ conversationId: string; seq: number; kind: string; system?: unknown }>(
        'messaging.message.sent',
      )
    ).filter((e) => e.conversationId === c.id);
    expect(sent.map((e) => e.kind)).toEqual([
      'system',
      'user',
      ...Array.from({ length: 8 }, () => 'system'),
    ]);
    expect(sent[5]?.system).toEqual({ type: 'members.removed', userIds: [carol.id] });
  });

  it('keeps system messages out of unread counts, and nobody edits one', async () => {
    const { conversation: c } = await h.conversations.create(alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'quiet',
    });
    await h.members.join(bob, c.id);
    await h.members.join(carol, c.id);
    await h.conversations.update(carol, c.id, { topic: 'nothing to see' });
    expect(await h.queries.counts(alice, c.id)).toEqual({ unread: 0, mentions: 0 });
    await h.messages.send(bob, c.id, { text: 'real news' });
    expect(await h.queries.counts(alice, c.id)).toEqual({ unread: 1, mentions: 0 });

    const notice = (await h.queries.history(alice, c.id, { limit: 50 })).items[0];
    expect(notice?.system?.type).toBe('member.joined');
    await expect(h.messages.edit(bob, notice?.id ?? '', 'I did not')).rejects.toMatchObject({
      code: 'messaging.message.system',
    });
    // Its "sender" cannot take it back; the channel's owner can (moderation).
    await expect(h.messages.delete(bob, notice?.id ?? '')).rejects.toMatchObject({
      code: 'messaging.message.not_author',
    });
    await h.messages.delete(alice, notice?.id ?? '');
  });

  it('marks bots and integrations as such, never as a person', async () => {
    const { conversation: c } = await h.conversations.create(alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'builds',
    });
    const ci: Caller = { id: 'svc-ci', kind: 'user', senderKind: 'integration', moderator: false };
    await h.members.join(ci, c.id);
    const id = await h.messages.send(ci, c.id, { text: 'build 7 passed' });
    const message = await h.queries.message(id);
    expect(message).toMatchObject({ senderId: 'svc-ci', senderKind: 'integration', author: null });
    const [event] = (
      await h.events<{ messageId: string; kind: string; senderKind: string }>(
        'messaging.message.sent',
      )
    ).filter((e) => e.messageId === id);
    expect(event).toMatchObject({ kind: 'bot', senderKind: 'integration' });
  });
});
