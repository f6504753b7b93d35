import { randomUUID } from 'node:crypto';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCaller, type Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

/** Conversations and memberships through the actions, on both databases. */
describe.each(databaseFlavours)('conversations on %s', (flavour) => {
  let h: MessagingHarness;
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;
  let dave: Caller;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    [alice, bob, carol, dave] = await Promise.all(
      ['alice', 'bob', 'carol', 'dave'].map((name) => h.person(randomUUID(), name)),
    );
  });

  afterAll(async () => {
    await h?.close();
  });

  const channel = async (visibility: 'public' | 'private', memberIds: string[] = []) =>
    (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility,
        name: '  release   train ',
        memberIds,
      })
    ).conversation;

  it('opens one direct conversation per pair, even when both open it at once', async () => {
    const opened = await Promise.all([
      ...Array.from({ length: 3 }, () =>
        h.conversations.create(alice, { kind: 'direct', userId: bob.id }),
      ),
      ...Array.from({ length: 3 }, () =>
        h.conversations.create(bob, { kind: 'direct', userId: alice.id }),
      ),
    ]);
    expect(new Set(opened.map((o) => o.conversation.id)).size).toBe(1);
    expect(opened.filter((o) => o.created)).toHaveLength(1);
    const self = await h.conversations.create(alice, { kind: 'direct', userId: alice.id });
    expect(self.conversation.memberCount).toBe(1);
    expect(self.conversation.id).not.toBe(opened[0]?.conversation.id);
  });

  it('needs the other people to exist and be active', async () => {
    await expect(
      h.conversations.create(alice, { kind: 'direct', userId: randomUUID() }),
    ).rejects.toMatchObject({ code: 'messaging.user.not_found', kind: 'not_found' });
    const gone = await h.person(randomUUID(), 'gone');
    await h.people.deactivated({ userId: gone.id, username: 'gone' }, Date.now(), {
      kind: 'system',
      id: 'test',
    });
    await expect(
      h.conversations.create(alice, { kind: 'group', userIds: [bob.id, gone.id] }),
    ).rejects.toMatchObject({ code: 'messaging.user.not_found', details: { userIds: [gone.id] } });
  });

  it('opens one group conversation per member set, 3 to 50 people', async () => {
    const a = await h.conversations.create(alice, { kind: 'group', userIds: [bob.id, carol.id] });
    const b = await h.conversations.create(carol, { kind: 'group', userIds: [alice.id, bob.id] });
    expect(b).toEqual({ conversation: a.conversation, created: false });
    await expect(
      h.conversations.create(alice, { kind: 'group', userIds: [bob.id, alice.id] }),
    ).rejects.toMatchObject({ code: 'messaging.group.too_small' });
    await expect(
      h.conversations.update(alice, a.conversation.id, { name: 'x' }),
    ).rejects.toMatchObject({
      code: 'messaging.conversation.not_a_channel',
    });
  });

  it('keeps private channels to their members and public ones open to read', async () => {
    const secret = await channel('private', [bob.id]);
    expect(secret).toMatchObject({ name: 'release train', memberCount: 2 });
    await expect(h.queries.get(carol, secret.id)).rejects.toMatchObject({
      code: 'messaging.conversation.not_found',
    });
    await expect(h.members.join(carol, secret.id)).rejects.toMatchObject({
      code: 'messaging.conversation.not_found',
    });
    await expect(h.messages.send(carol, secret.id, { text: 'hi' })).rejects.toMatchObject({
      code: 'messaging.conversation.not_found',
    });

    const open = await channel('public');
    expect((await h.queries.get(carol, open.id)).member).toBeUndefined();
    await expect(h.messages.send(carol, open.id, { text: 'hi' })).rejects.toMatchObject({
      code: 'messaging.conversation.not_member',
    });
    await h.messages.send(alice, open.id, { text: 'one' });
    await h.messages.send(alice, open.id, { text: 'two' });
    const joined = await h.members.join(carol, open.id);
    expect(joined.lastReadSeq).toBe(2); // what was there before is not unread
    expect(await h.members.join(carol, open.id)).toMatchObject({ userId: carol.id });
    expect((await h.queries.get(carol, open.id)).conversation.memberCount).toBe(2);
  });

  it('applies the role rules to inviting, removing, roles and leaving', async () => {
    const c = await channel('private', [bob.id]);
    await expect(h.members.invite(bob, c.id, [carol.id])).rejects.toMatchObject({
      code: 'messaging.role.insufficient',
    });
    expect((await h.members.invite(alice, c.id, [carol.id, bob.id])).map((m) => m.userId)).toEqual([
      carol.id,
    ]);
    await h.members.changeRole(alice, c.id, bob.id, 'admin');
    await expect(h.members.remove(bob, c.id, alice.id)).rejects.toMatchObject({
      code: 'messaging.member.is_owner',
    });
    await h.members.remove(bob, c.id, carol.id);
    await expect(h.members.remove(bob, c.id, carol.id)).rejects.toMatchObject({
      code: 'messaging.member.not_found',
    });
    await expect(h.members.leave(alice, c.id)).rejects.toMatchObject({
      code: 'messaging.member.owner_must_hand_over',
    });
    await expect(h.members.changeRole(alice, c.id, alice.id, 'member')).rejects.toMatchObject({
      code: 'messaging.member.last_owner',
    });
    await h.members.changeRole(alice, c.id, bob.id, 'owner');
    await h.members.leave(alice, c.id);
    const members = await h.queries.members(bob, c.id);
    expect(members.map((m) => [m.member.userId, m.member.role])).toEqual([[bob.id, 'owner']]);
    expect((await h.queries.get(bob, c.id)).conversation.memberCount).toBe(1);
    expect(
      (await h.events<{ reason: string }>('messaging.member.left')).map((e) => e.reason),
    ).toEqual(expect.arrayContaining(['removed', 'left']));
  });

  it('lets a moderator manage a channel they can see, but not read private ones', async () => {
    const moderator = userCaller(dave.id, true);
    const open = await channel('public', [bob.id]);
    await h.conversations.update(moderator, open.id, { name: 'moderated', topic: 'rules' });
    await h.members.remove(moderator, open.id, bob.id);
    const secret = await channel('private');
    await expect(h.conversations.archive(moderator, secret.id)).rejects.toMatchObject({
      code: 'messaging.conversation.not_found',
    });
  });

  it('makes an archived channel read-only, still readable by its members', async () => {
    const c = await channel('private', [bob.id]);
    const sent = await h.messages.send(bob, c.id, { text: 'last words' });
    await expect(h.conversations.archive(bob, c.id)).rejects.toMatchObject({
      code: 'messaging.role.insufficient',
    });
    await h.conversations.archive(alice, c.id);
    for (const write of [
      () => h.messages.send(bob, c.id, { text: 'more' }),
      () => h.messages.edit(bob, sent, 'changed'),
      () => h.messages.delete(bob, sent),
      () => h.conversations.update(alice, c.id, { topic: 'new' }),
      () => h.conversations.archive(alice, c.id),
      () => h.members.invite(alice, c.id, [carol.id]),
      () => h.members.leave(bob, c.id),
    ])
      await expect(write()).rejects.toMatchObject({
        code: 'messaging.conversation.archived',
        kind: 'forbidden',
      });
    // The archive itself is the last entry of history (a system message).
    expect((await h.queries.history(bob, c.id, { limit: 50 })).items.map((m) => m.text)).toEqual([
      'last words',
      'alice archived the channel.',
    ]);
    expect(await h.reads.markRead(alice, c.id, 1)).toEqual({ lastReadSeq: 1 });
  });

  it('shows read receipts in conversations of at most 50 members, not above', async () => {
    const c = await channel('public', [bob.id]);
    await h.messages.send(alice, c.id, { text: 'read me' });
    await h.reads.markRead(bob, c.id, 1);
    expect(await h.queries.receipts(alice, c.id)).toEqual([
      { userId: alice.id, lastReadSeq: 0 },
      { userId: bob.id, lastReadSeq: 1 },
    ]);
    await expect(h.queries.receipts(carol, c.id)).rejects.toMatchObject({
      code: 'messaging.conversation.not_member',
    });
    const crowd = await Promise.all(
      Array.from({ length: 49 }, (_, i) => h.person(randomUUID(), `crowd${i}`)),
    );
    await h.members.invite(
      alice,
      c.id,
      crowd.map((p) => p.id),
    );
    await expect(h.queries.receipts(alice, c.id)).rejects.toMatchObject({
      code: 'messaging.receipts.too_many_members',
      kind: 'unprocessable',
    });
  });
});
