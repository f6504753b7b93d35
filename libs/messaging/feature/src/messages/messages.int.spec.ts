import { randomUUID } from 'node:crypto';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCaller, type Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

/** Messages through the actions on both databases, with small limits to reach them. */
describe.each(databaseFlavours)('messages on %s', (flavour) => {
  let h: MessagingHarness;
  let alice: Caller;
  let bob: Caller;
  let carol: Caller;
  let channelId: string;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour, { maxMessageChars: 20, mentionAllMaxMembers: 2 });
    [alice, bob, carol] = await Promise.all(
      ['alice', 'Bob', 'carol'].map((name) => h.person(randomUUID(), name)),
    );
    channelId = (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'public',
        name: 'general',
        memberIds: [bob.id, carol.id],
      })
    ).conversation.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  const message = async (id: string) => h.queries.message(id);

  it('resolves @usernames case-insensitively to active users, and keeps files in order', async () => {
    const [f1, f2] = [await h.file(alice, channelId), await h.file(alice, channelId)];
    const id = await h.messages.send(alice, channelId, {
      text: '@bob @ghost `@carol`',
      fileIds: [f2, f1],
    });
    expect(await message(id)).toMatchObject({
      mentions: [bob.id],
      fileIds: [f2, f1],
      files: [{ id: f2 }, { id: f1 }],
      author: { username: 'alice', active: true },
    });
    const [event] = (await h.events<{ messageId: string }>('messaging.message.sent')).filter(
      (e) => e.messageId === id,
    );
    expect(event).toMatchObject({
      mentions: [bob.id],
      fileIds: [f2, f1],
      senderKind: 'user',
    });
    // Files alone make a message; nothing at all does not.
    await h.messages.send(alice, channelId, {
      text: '',
      fileIds: [await h.file(alice, channelId)],
    });
    await expect(h.messages.send(alice, channelId, { text: '  ' })).rejects.toMatchObject({
      code: 'messaging.message.empty',
    });
  });

  it('limits text by characters as people count them', async () => {
    await h.messages.send(alice, channelId, { text: '😀'.repeat(20) });
    await expect(h.messages.send(alice, channelId, { text: 'x'.repeat(21) })).rejects.toMatchObject(
      {
        code: 'messaging.message.too_long',
        kind: 'unprocessable',
      },
    );
  });

  it('keeps @all and @channel in large channels to owners and admins', async () => {
    await expect(h.messages.send(bob, channelId, { text: 'hey @all' })).rejects.toMatchObject({
      code: 'messaging.mention.not_allowed',
      kind: 'forbidden',
    });
    const plain = await h.messages.send(bob, channelId, { text: 'hey @here' });
    await expect(h.messages.edit(bob, plain, 'hey @channel')).rejects.toMatchObject({
      code: 'messaging.mention.not_allowed',
    });
    expect(
      (await message(await h.messages.send(alice, channelId, { text: '@all' }))).broadcast,
    ).toBe('all');
  });

  it('keeps the edit history and replaces the mentions', async () => {
    const id = await h.messages.send(bob, channelId, { text: 'hi @carol' });
    await h.messages.edit(bob, id, 'hi @alice');
    await h.messages.edit(bob, id, 'hi @alice'); // unchanged: no history, no event
    await h.messages.edit(bob, id, 'bye');
    expect(await message(id)).toMatchObject({ text: 'bye', mentions: [] });
    expect((await h.queries.edits(bob, id)).map((e) => e.previousText)).toEqual([
      'hi @carol',
      'hi @alice',
    ]);
    await expect(h.queries.edits(alice, id)).rejects.toMatchObject({
      code: 'messaging.message.not_author',
    });
    await expect(h.messages.edit(alice, id, 'mine now')).rejects.toMatchObject({
      code: 'messaging.message.not_author',
    });
    const edited = (
      await h.events<{ messageId: string; text: string }>('messaging.message.edited')
    ).filter((e) => e.messageId === id);
    expect(edited.map((e) => e.text)).toEqual(['hi @alice', 'bye']);
  });

  it('deletes to a tombstone: text, history, mentions and files gone, seq kept', async () => {
    const f9 = await h.file(bob, channelId);
    const id = await h.messages.send(bob, channelId, { text: '@carol see', fileIds: [f9] });
    await h.messages.edit(bob, id, '@carol look');
    const before = await message(id);
    await expect(h.messages.delete(carol, id)).rejects.toMatchObject({
      code: 'messaging.message.not_author',
    });
    await h.messages.delete(alice, id); // the channel's owner moderates
    await h.messages.delete(alice, id); // again: nothing happens
    expect(await message(id)).toMatchObject({
      seq: before.seq,
      text: '',
      mentions: [],
      fileIds: [],
      files: [],
      broadcast: null,
      deletedBy: alice.id,
    });
    expect(await h.queries.edits(bob, id)).toEqual([]);
    const deleted = (await h.events<{ messageId: string }>('messaging.message.deleted')).filter(
      (e) => e.messageId === id,
    );
    expect(deleted).toEqual([
      expect.objectContaining({ fileIds: [f9], senderId: bob.id, deletedBy: alice.id }),
    ]);
    await expect(h.messages.edit(bob, id, 'undo')).rejects.toMatchObject({
      code: 'messaging.message.deleted',
    });
  });

  it('pages history by seq with before, after and around', async () => {
    const { conversation } = await h.conversations.create(alice, {
      kind: 'direct',
      userId: carol.id,
    });
    for (let i = 1; i <= 12; i++)
      await h.messages.send(i % 2 ? alice : carol, conversation.id, { text: `m${i}` });
    const seqs = async (w: Parameters<MessagingHarness['queries']['history']>[2]) => {
      const page = await h.queries.history(alice, conversation.id, w);
      return [page.items.map((m) => m.seq), page.hasOlder, page.hasNewer];
    };
    expect(await seqs({ limit: 5 })).toEqual([[8, 9, 10, 11, 12], true, false]);
    expect(await seqs({ before: 8, limit: 5 })).toEqual([[3, 4, 5, 6, 7], true, true]);
    expect(await seqs({ before: 3, limit: 5 })).toEqual([[1, 2], false, true]);
    expect(await seqs({ after: 10, limit: 5 })).toEqual([[11, 12], true, false]);
    expect(await seqs({ around: 6, limit: 4 })).toEqual([[4, 5, 6, 7], true, true]);
    await expect(h.queries.history(bob, conversation.id, { limit: 5 })).rejects.toMatchObject({
      code: 'messaging.conversation.not_found',
    });
  });

  it("lists the caller's conversations by activity with the last message", async () => {
    const { conversation: dm } = await h.conversations.create(bob, {
      kind: 'direct',
      userId: carol.id,
    });
    await h.messages.send(carol, dm.id, { text: 'ping @bob' });
    const first = await h.queries.list(bob, { limit: 1 });
    expect(first.items[0]).toMatchObject({
      conversation: { id: dm.id },
      counts: { unread: 1, mentions: 1 },
      lastMessage: { text: 'ping @bob' },
      memberIds: expect.arrayContaining([bob.id, carol.id]),
    });
    const rest = await h.queries.list(bob, { limit: 50, cursor: first.nextCursor ?? '' });
    expect(rest.items.map((i) => i.conversation.id)).toEqual([channelId]);
    expect(rest.nextCursor).toBeNull();
    await expect(h.queries.list(bob, { limit: 5, cursor: 'nonsense' })).rejects.toMatchObject({
      code: 'messaging.cursor.invalid',
    });
  });

  /** Everything a refused send must not have changed: messages and every seq. */
  const written = async () => {
    const [m] = (await h.dataSource.query(
      'SELECT COUNT(*) AS n FROM messaging_messages',
    )) as Array<{ n: unknown }>;
    const [c] = (await h.dataSource.query(
      'SELECT SUM(last_seq) AS s FROM messaging_conversations',
    )) as Array<{ s: unknown }>;
    return { messages: Number(m?.n), seqs: Number(c?.s) };
  };

  it('attaches only files the sender uploaded to this conversation, and shows them in history', async () => {
    const mine = await h.file(carol, channelId, 'plan.png');
    const id = await h.messages.send(carol, channelId, { text: 'the plan', fileIds: [mine] });
    const sent = await message(id);
    const page = await h.queries.history(bob, channelId, { around: sent.seq, limit: 1 });
    expect(page.items).toEqual([
      expect.objectContaining({
        id,
        fileIds: [mine],
        files: [
          {
            id: mine,
            name: 'plan.png',
            mime: 'image/png',
            size: 1234,
            width: 40,
            height: 30,
            hasThumbnail: true,
          },
        ],
      }),
    ]);

    const { conversation: elsewhere } = await h.conversations.create(carol, {
      kind: 'direct',
      userId: bob.id,
    });
    const otherConversation = await h.file(carol, elsewhere.id);
    const othersFile = await h.file(bob, channelId);
    const before = await written();
    for (const fileIds of [
      [otherConversation],
      [othersFile],
      [randomUUID()],
      [mine, 'no-such-file'],
      [mine, mine],
      Array.from({ length: 11 }, () => mine),
    ])
      await expect(
        h.messages.send(carol, channelId, { text: 'look', fileIds }),
      ).rejects.toMatchObject({ code: 'messaging.file.invalid', kind: 'invalid' });
    expect(await written()).toEqual(before);
    // Ten of one's own files are fine (and the same file again in another message too).
    const ten = await Promise.all(Array.from({ length: 10 }, () => h.file(carol, channelId)));
    const tenId = await h.messages.send(carol, channelId, { text: '', fileIds: ten });
    expect((await message(tenId)).files?.map((f) => f.id)).toEqual(ten);
  });

  it("@department mentions the members in exactly the sender's department", async () => {
    const person = async (name: string, orgUnitPath: string[]) => {
      const userId = randomUUID();
      await h.people.profile({ userId, username: name, displayName: name, orgUnitPath });
      return userCaller(userId);
    };
    const sam = await person('sam', ['Sales']);
    const dave = await person('dave', ['Sales']);
    const erin = await person('erin', ['Sales']);
    const olga = await person('olga', ['Sales', 'Ops']);
    const gina = await person('gina', ['Support']);
    const hal = await person('hal', ['Sales']); // not a member
    const { conversation } = await h.conversations.create(sam, {
      kind: 'channel',
      visibility: 'private',
      name: 'sales-floor',
      memberIds: [dave.id, erin.id, olga.id, gina.id],
    });
    await h.people.deactivated({ userId: erin.id, username: 'erin' }, Date.now(), {
      kind: 'system',
      id: 'directory',
    });
    const id = await h.messages.send(sam, conversation.id, { text: 'hi @department!' });
    // Sales only: not Sales/Ops, not Support, not the deactivated erin, not hal (no member).
    expect((await message(id)).mentions).toEqual([dave.id]);
    const mentionsOf = async (c: Caller) =>
      (await h.queries.list(c, { limit: 50 })).items.find(
        (i) => i.conversation.id === conversation.id,
      )?.counts.mentions ?? 0;
    expect(await mentionsOf(dave)).toBe(1);
    expect(await mentionsOf(olga)).toBe(0);
    expect(await mentionsOf(gina)).toBe(0);
    expect(await mentionsOf(hal)).toBe(0);
    // Gated like @all: above mentionAllMaxMembers (2) only owners and admins; inside code, none.
    await expect(
      h.messages.send(dave, conversation.id, { text: '@department' }),
    ).rejects.toMatchObject({ code: 'messaging.mention.not_allowed' });
    const code = await h.messages.send(dave, conversation.id, { text: '`@department`' });
    expect((await message(code)).mentions).toEqual([]);
    // Not gated outside big channels: a direct conversation.
    const { conversation: dm } = await h.conversations.create(dave, {
      kind: 'direct',
      userId: sam.id,
    });
    const direct = await h.messages.send(dave, dm.id, { text: '@department' });
    expect((await message(direct)).mentions).toEqual([sam.id]);
  });
});
