import { randomUUID } from 'node:crypto';
import { messagingStore } from '@tidings/messaging/data-access';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';

/** Threads through the actions on both databases: counts, participants, seqs, following. */
describe.each(databaseFlavours)('threads on %s', (flavour) => {
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

  const channel = async (memberIds = [bob.id, carol.id]) =>
    (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'private',
        name: `t-${randomUUID()}`,
        memberIds,
      })
    ).conversation.id;

  it('gives replies seqs of the conversation, and counts them with their participants on the root', async () => {
    const c = await channel();
    const root = await h.messages.send(alice, c, { text: 'release on Friday?' });
    const r1 = await h.messages.send(bob, c, { text: 'yes', threadRootId: root });
    await h.messages.send(alice, c, { text: 'meanwhile, top-level' });
    const r2 = await h.messages.send(carol, c, { text: 'fine by me', threadRootId: root });
    const r3 = await h.messages.send(bob, c, { text: 'one more', threadRootId: root });

    // One gapless sequence, replies included, in send order.
    const history = (await h.queries.history(alice, c, { limit: 50 })).items;
    expect(history.map((m) => [m.seq, m.text, m.threadRootId])).toEqual([
      [1, 'release on Friday?', null],
      [2, 'yes', root],
      [3, 'meanwhile, top-level', null],
      [4, 'fine by me', root],
      [5, 'one more', root],
    ]);
    const summary = history[0]?.thread;
    expect(summary).toMatchObject({
      replyCount: 3,
      participants: [bob.id, carol.id],
      following: true, // alice, the root's author, follows from the first reply
    });
    const last = await h.queries.message(r3);
    expect(summary?.lastReplyAt).toBe(last.createdAt);
    // The other top-level message has no thread; replies have none of their own.
    expect(history[2]?.thread).toBeNull();
    expect(history[1]?.thread).toBeNull();

    const thread = await h.extras.thread(bob, root, { limit: 50 });
    expect(thread.replies.map((m) => m.id)).toEqual([r1, r2, r3]);
    expect(thread.participants).toEqual([bob.id, carol.id]);
    expect(thread).toMatchObject({ hasOlder: false, hasNewer: false });

    const sent = (
      await h.events<{ messageId: string; threadRootId: string | null; kind: string }>(
        'messaging.message.sent',
      )
    ).filter((e) => [r1, r2, r3].includes(e.messageId));
    expect(sent.map((e) => [e.threadRootId, e.kind])).toEqual([
      [root, 'user'],
      [root, 'user'],
      [root, 'user'],
    ]);
  });

  it('pages a thread by seq in both directions', async () => {
    const c = await channel();
    const root = await h.messages.send(alice, c, { text: 'numbers' });
    const replies: string[] = [];
    for (let i = 1; i <= 5; i++)
      replies.push(await h.messages.send(bob, c, { text: `${i}`, threadRootId: root }));
    const first = await h.extras.thread(alice, root, { limit: 2 });
    expect(first.replies.map((m) => m.text)).toEqual(['1', '2']);
    expect(first).toMatchObject({ hasOlder: false, hasNewer: true });
    const next = await h.extras.thread(alice, root, { after: first.replies[1]?.seq, limit: 2 });
    expect(next.replies.map((m) => m.text)).toEqual(['3', '4']);
    expect(next).toMatchObject({ hasOlder: true, hasNewer: true });
    const end = await h.extras.thread(alice, root, { after: next.replies[1]?.seq, limit: 2 });
    expect(end.replies.map((m) => m.text)).toEqual(['5']);
    expect(end).toMatchObject({ hasOlder: true, hasNewer: false });
    const back = await h.extras.thread(alice, root, { before: end.replies[0]?.seq, limit: 3 });
    expect(back.replies.map((m) => m.text)).toEqual(['2', '3', '4']);
    expect(back).toMatchObject({ hasOlder: true, hasNewer: true });
  });

  it('refuses roots that are replies, system messages, deleted, or elsewhere', async () => {
    const c = await channel();
    const other = await channel();
    const root = await h.messages.send(alice, c, { text: 'root' });
    const reply = await h.messages.send(bob, c, { text: 'reply', threadRootId: root });
    const elsewhere = await h.messages.send(alice, other, { text: 'elsewhere' });
    await h.members.invite(alice, c, [dave.id]); // a system message: "alice added dave"
    const notice = (await h.queries.history(alice, c, { limit: 50 })).items.at(-1);
    expect(notice?.system?.type).toBe('members.added');
    const reject = (threadRootId: string) => h.messages.send(bob, c, { text: 'x', threadRootId });
    await expect(reject(reply)).rejects.toMatchObject({ code: 'messaging.thread.not_a_root' });
    await expect(reject(notice?.id ?? '')).rejects.toMatchObject({
      code: 'messaging.thread.not_a_root',
    });
    await expect(reject(elsewhere)).rejects.toMatchObject({
      code: 'messaging.thread.root_not_found',
    });
    await expect(reject(randomUUID())).rejects.toMatchObject({
      code: 'messaging.thread.root_not_found',
    });
    await h.messages.delete(alice, root);
    await expect(reject(root)).rejects.toMatchObject({ code: 'messaging.message.deleted' });
    // A refused reply takes no seq: the next message follows without a gap.
    const next = await h.messages.send(bob, c, { text: 'still counting' });
    const history = (await h.queries.history(alice, c, { limit: 50 })).items;
    expect(history.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(history.at(-1)?.id).toBe(next);
  });

  it('lists participants in the order they first replied, even within one millisecond', async () => {
    // Ids that sort the other way round from the order of their replies.
    const zed = await h.person(`zzzz-${randomUUID()}`, `zed-${randomUUID().slice(0, 8)}`);
    const amy = await h.person(`aaaa-${randomUUID()}`, `amy-${randomUUID().slice(0, 8)}`);
    const c = await channel([zed.id, amy.id]);
    const root = await h.messages.send(alice, c, { text: 'who is first?' });
    // Sent together: the first commits alone, the two replies share the next batch — and its
    // time — so only their seqs tell who replied first.
    await Promise.all([
      h.messages.send(alice, c, { text: 'warm-up' }),
      h.messages.send(zed, c, { text: 'me', threadRootId: root }),
      h.messages.send(amy, c, { text: 'me too', threadRootId: root }),
    ]);
    const thread = await h.extras.thread(alice, root, { limit: 10 });
    expect(thread.replies.map((m) => m.createdAt)).toEqual([
      thread.replies[0]?.createdAt,
      thread.replies[0]?.createdAt,
    ]);
    expect(thread.participants).toEqual([zed.id, amy.id]);
    expect((await h.queries.message(root)).thread?.participants).toEqual([zed.id, amy.id]);
  });

  it('counts a deleted reply out, and keeps the thread under a deleted root', async () => {
    const c = await channel();
    const root = await h.messages.send(alice, c, { text: 'root' });
    const r1 = await h.messages.send(bob, c, { text: 'a', threadRootId: root });
    await h.messages.send(carol, c, { text: 'b', threadRootId: root });
    await h.messages.delete(bob, r1);
    expect((await h.queries.message(root)).thread).toMatchObject({
      replyCount: 1,
      participants: [bob.id, carol.id],
    });
    await h.messages.delete(alice, root);
    const thread = await h.extras.thread(carol, root, { limit: 50 });
    expect(thread.root.deletedAt).not.toBeNull();
    expect(thread.replies.map((m) => m.text)).toEqual(['', 'b']);
  });

  it('follows automatically (author and repliers), and lets people unfollow and follow', async () => {
    const c = await channel([bob.id, carol.id, dave.id]);
    const root = await h.messages.send(alice, c, { text: 'thoughts?' });
    const following = async (who: Caller) =>
      (await h.queries.message(root, who.id)).thread?.following ?? false;
    // Before any reply nobody follows (and an unreplied message shows no thread).
    expect(await following(alice)).toBe(false);
    // The author unfollows before the first reply: the automatic follow respects that.
    await h.threads.setFollowing(alice, root, false);
    await h.messages.send(bob, c, { text: 'some', threadRootId: root });
    expect(await following(alice)).toBe(false);
    expect(await following(bob)).toBe(true);
    await h.threads.setFollowing(dave, root, true);
    expect(await following(dave)).toBe(true);
    await h.threads.setFollowing(bob, root, false);
    await h.threads.setFollowing(bob, root, false); // twice: no change, no error
    expect(await following(bob)).toBe(false);
    // Replying again follows again.
    await h.messages.send(bob, c, { text: 'more', threadRootId: root });
    expect(await following(bob)).toBe(true);
    expect(await messagingFollowers(h, root)).toEqual(expect.arrayContaining([bob.id, dave.id]));
    expect(await messagingFollowers(h, root)).not.toContain(alice.id);
    // Only roots are followed, only by members.
    const reply = (await h.extras.thread(alice, root, { limit: 1 })).replies[0]?.id ?? '';
    await expect(h.threads.setFollowing(alice, reply, true)).rejects.toMatchObject({
      code: 'messaging.thread.not_a_root',
    });
    const outsider = await h.person(randomUUID(), 'outsider');
    await expect(h.threads.setFollowing(outsider, root, true)).rejects.toMatchObject({
      code: 'messaging.message.not_found',
    });
  });

  it('keeps seqs gapless and the count exact under concurrent replies', async () => {
    const c = await channel([bob.id, carol.id, dave.id]);
    const root = await h.messages.send(alice, c, { text: 'go' });
    const repliers = [alice, bob, carol, dave];
    await Promise.all(
      repliers.map(async (who) => {
        for (let i = 0; i < 10; i++)
          await h.messages.send(who, c, { text: `${i}`, threadRootId: root });
      }),
    );
    const history = (await h.queries.history(alice, c, { limit: 200 })).items;
    expect(history.map((m) => m.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect((await h.queries.message(root)).thread).toMatchObject({ replyCount: 40 });
    expect((await h.extras.thread(alice, root, { limit: 200 })).participants.sort()).toEqual(
      repliers.map((r) => r.id).sort(),
    );
  });
});

function messagingFollowers(h: MessagingHarness, rootId: string) {
  return messagingStore(h.dataSource).threads.followers(rootId);
}
