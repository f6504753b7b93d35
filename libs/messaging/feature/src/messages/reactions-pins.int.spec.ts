import { randomUUID } from 'node:crypto';
import { messagingStore } from '@tidings/messaging/data-access';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

/** Reactions and pins through the actions on both databases. */
describe.each(databaseFlavours)('reactions and pins on %s', (flavour) => {
  let h: MessagingHarness;
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;
  let channelId: string;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    [alice, bob, carol] = await Promise.all(
      ['alice', 'bob', 'carol'].map((name) => h.person(randomUUID(), name)),
    );
    channelId = (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'public',
        name: 'general',
        memberIds: [bob.id],
      })
    ).conversation.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  const reactionRows = async (messageId: string) =>
    (await messagingStore(h.dataSource).reactions.users(messageId)).flatMap((r) =>
      r.userIds.map((u) => `${r.emoji}:${u}`),
    );
  const eventsFor = async (type: string, messageId: string) =>
    (await h.events<{ messageId: string; emoji?: string; userId?: string }>(type)).filter(
      (e) => e.messageId === messageId,
    );

  it('counts reactions per emoji with "me", idempotently, and takes them back', async () => {
    const m = await h.messages.send(alice, channelId, { text: 'ship it' });
    expect(await h.reactions.add(bob, m, '👍')).toEqual({ emoji: '👍', changed: true });
    expect(await h.reactions.add(bob, m, '👍')).toEqual({ emoji: '👍', changed: false });
    await h.reactions.add(alice, m, '👍');
    // "❤" and "❤️" are one reaction.
    expect(await h.reactions.add(bob, m, '❤')).toEqual({ emoji: '❤️', changed: true });
    expect(await h.reactions.add(bob, m, '❤️')).toEqual({ emoji: '❤️', changed: false });
    expect((await h.queries.message(m, bob.id)).reactions).toEqual([
      { emoji: '👍', count: 2, me: true },
      { emoji: '❤️', count: 1, me: true },
    ]);
    expect((await h.queries.message(m, alice.id)).reactions).toEqual([
      { emoji: '👍', count: 2, me: true },
      { emoji: '❤️', count: 1, me: false },
    ]);
    expect(await h.extras.reactions(alice, m)).toEqual([
      { emoji: '👍', userIds: [bob.id, alice.id] },
      { emoji: '❤️', userIds: [bob.id] },
    ]);
    expect(await h.reactions.remove(bob, m, '👍')).toEqual({ emoji: '👍', changed: true });
    expect(await h.reactions.remove(bob, m, '👍')).toEqual({ emoji: '👍', changed: false });
    expect((await eventsFor('messaging.reaction.added', m)).map((e) => e.emoji)).toEqual([
      '👍',
      '👍',
      '❤️',
    ]);
    expect(await eventsFor('messaging.reaction.removed', m)).toEqual([
      expect.objectContaining({ userId: bob.id, emoji: '👍', conversationId: channelId }),
    ]);
  });

  it('makes five concurrent identical reactions one row and one event', async () => {
    const m = await h.messages.send(alice, channelId, { text: 'tap tap tap' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => h.reactions.add(bob, m, '🎉')),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await reactionRows(m)).toEqual([`🎉:${bob.id}`]);
    expect(await eventsFor('messaging.reaction.added', m)).toHaveLength(1);
  });

  it('refuses text, non-members, deleted messages and archived conversations', async () => {
    const m = await h.messages.send(alice, channelId, { text: 'hello' });
    for (const text of ['+1', ':thumbsup:', '👍👍', ''])
      await expect(h.reactions.add(bob, m, text)).rejects.toMatchObject({
        code: 'messaging.reaction.invalid',
        kind: 'invalid',
      });
    // Carol may read the public channel, not react in it before joining.
    await expect(h.reactions.add(carol, m, '👀')).rejects.toMatchObject({
      code: 'messaging.conversation.not_member',
    });
    await h.reactions.add(bob, m, '👀');
    await h.messages.delete(alice, m);
    expect(await reactionRows(m)).toEqual([]); // purged with the message
    await expect(h.reactions.add(bob, m, '👀')).rejects.toMatchObject({
      code: 'messaging.message.deleted',
    });
    expect(await h.reactions.remove(bob, m, '👀')).toMatchObject({ changed: false });
  });

  it('lets members pin in direct and group conversations, owners and admins in channels', async () => {
    const direct = (await h.conversations.create(bob, { kind: 'direct', userId: carol.id }))
      .conversation.id;
    const dm = await h.messages.send(carol, direct, { text: 'the wifi password' });
    expect(await h.pins.pin(bob, dm)).toBe(true);
    expect(await h.pins.pin(carol, dm)).toBe(false); // pinned already
    expect((await h.queries.message(dm)).pinned).toMatchObject({ by: bob.id });

    const m = await h.messages.send(bob, channelId, { text: 'read me first' });
    await expect(h.pins.pin(bob, m)).rejects.toMatchObject({ code: 'messaging.role.insufficient' });
    await h.members.changeRole(alice, channelId, bob.id, 'admin');
    expect(await h.pins.pin(bob, m)).toBe(true);
    await h.members.changeRole(alice, channelId, bob.id, 'member');
    await expect(h.pins.unpin(bob, m)).rejects.toMatchObject({
      code: 'messaging.role.insufficient',
    });
    // A moderator acts as an owner in a channel they can see.
    const moderator = { ...carol, moderator: true };
    const second = await h.messages.send(alice, channelId, { text: 'and me' });
    expect(await h.pins.pin(moderator, second)).toBe(true);

    const pins = await h.extras.pins(carol, channelId, { limit: 1 });
    expect(pins.items.map((p) => p.id)).toEqual([second]);
    const rest = await h.extras.pins(carol, channelId, {
      limit: 1,
      cursor: pins.nextCursor ?? '',
    });
    expect(rest.items.map((p) => p.id)).toEqual([m]);

    expect(await h.pins.unpin(alice, second)).toBe(true);
    expect(await h.pins.unpin(alice, second)).toBe(false);
    expect((await eventsFor('messaging.message.pinned', second)).length).toBe(1);
    expect(await eventsFor('messaging.message.unpinned', second)).toEqual([
      expect.objectContaining({ unpinnedBy: alice.id, conversationId: channelId }),
    ]);
    // Deleting a pinned message unpins it; a deleted message cannot be pinned.
    await h.messages.delete(bob, m);
    expect((await h.extras.pins(alice, channelId, { limit: 10 })).items).toEqual([]);
    await expect(h.pins.pin(alice, m)).rejects.toMatchObject({
      code: 'messaging.message.deleted',
    });
  });
});
