import { describe, expect, it } from 'vitest';
import type { Conversation } from '../api/models';
import { confirmed, fromSentEvent, mergeMessages, type ShownMessage } from './chat-state';
import { conversationTitle } from './conversation-title';
import { formatBytes } from './file-size';
import {
  applyDelete,
  applyPurge,
  applyEdit,
  applyReaction,
  countReply,
  updateMessage,
} from './message-updates';
import { insertMention, mentionQuery, mentionSuggestions } from './mentions';
import { applyReadPosition, seenBy } from './receipts';
import { buildTimeline, GROUP_WINDOW_MS } from './timeline';
import { addTyping, clearTyping, nextExpiry, shouldSendTyping, typingIn } from './typing';

const base = Date.parse('2026-11-25T10:00:00Z');

function message(seq: number, extra: Partial<ShownMessage> = {}): ShownMessage {
  return confirmed({
    id: `m-${seq}`,
    conversationId: 'c1',
    seq,
    kind: 'user',
    sender: { id: 'u-bob', kind: 'user', username: 'bob', displayName: 'Bob' },
    text: `text ${seq}`,
    clientMsgId: null,
    createdAt: new Date(base + seq * 60_000).toISOString(),
    ...extra,
  });
}
const alice = { id: 'u-alice', kind: 'user', username: 'alice', displayName: 'Alice' };
const utcDay = (iso: string) => iso.slice(0, 10);

describe('timeline', () => {
  it('groups consecutive messages of one sender and starts a new group for another', () => {
    const items = buildTimeline([message(1), message(2), message(3, { sender: alice })], {
      unreadAfterSeq: null,
      myId: null,
      dayOf: utcDay,
    });
    expect(
      items.map((i) => (i.kind === 'message' ? `${i.message.seq}:${i.continued}` : i.kind)),
    ).toEqual(['day', '1:false', '2:true', '3:false']);
  });

  it('breaks a group after the time window, at a new day, and around system messages', () => {
    const late = message(2, {
      createdAt: new Date(base + 60_000 + GROUP_WINDOW_MS + 1).toISOString(),
    });
    const nextDay = message(3, { createdAt: '2026-11-26T08:00:00Z' });
    const system = message(4, { kind: 'system', createdAt: '2026-11-26T08:00:10Z' });
    const after = message(5, { createdAt: '2026-11-26T08:00:20Z' });
    const items = buildTimeline([message(1), late, nextDay, system, after], {
      unreadAfterSeq: null,
      myId: null,
      dayOf: utcDay,
    });
    expect(
      items.map((i) => (i.kind === 'message' ? i.continued : i.kind === 'day' ? i.day : i.kind)),
    ).toEqual(['2026-11-25', false, false, '2026-11-26', false, false, false]);
  });

  it('puts the "new messages" divider before the first unread message not written by me', () => {
    const mine = message(3, { sender: alice });
    const items = buildTimeline([message(1), message(2), mine, message(4)], {
      unreadAfterSeq: 2,
      myId: 'u-alice',
      dayOf: utcDay,
    });
    const kinds = items.map((i) => (i.kind === 'message' ? i.message.seq : i.kind));
    expect(kinds).toEqual(['day', 1, 2, 3, 'unread', 4]);
    // The message after the divider starts a new group even though the sender is the same.
    expect(items.at(-1)).toMatchObject({ kind: 'message', continued: false });
  });

  it('shows no divider while the first unread message is in an older page not loaded yet', () => {
    const options = { unreadAfterSeq: 2, myId: null, dayOf: utcDay };
    const notYet = buildTimeline([message(5), message(6)], { ...options, hasOlder: true });
    expect(notYet.some((i) => i.kind === 'unread')).toBe(false);
    const loaded = buildTimeline([message(2), message(3)], { ...options, hasOlder: true });
    expect(loaded.map((i) => (i.kind === 'message' ? i.message.seq : i.kind))).toEqual([
      'day',
      2,
      'unread',
      3,
    ]);
  });

  it('shows no divider when nothing is unread or the reader is at the end', () => {
    const none = buildTimeline([message(1), message(2)], { unreadAfterSeq: 2, myId: null });
    expect(none.some((i) => i.kind === 'unread')).toBe(false);
    const off = buildTimeline([message(1)], { unreadAfterSeq: null, myId: null });
    expect(off.some((i) => i.kind === 'unread')).toBe(false);
  });
});

describe('live message updates', () => {
  it('applies an edit and a delete (a tombstone keeps its seq)', () => {
    const edited = applyEdit(message(1), {
      conversationId: 'c1',
      messageId: 'm-1',
      seq: 1,
      text: 'new',
      editedAt: '2026-11-25T11:00:00Z',
    });
    expect(edited).toMatchObject({ text: 'new', editedAt: '2026-11-25T11:00:00Z' });
    const files = [
      {
        id: 'f',
        name: 'a',
        mime: 'x',
        size: 1,
        width: null,
        height: null,
        thumbnailUrl: null,
        url: '/f',
      },
    ];
    const deleted = applyDelete(
      message(2, { files, reactions: [{ emoji: '👍', count: 1, me: false }] }),
      {
        conversationId: 'c1',
        messageId: 'm-2',
        seq: 2,
      },
    );
    expect(deleted).toMatchObject({ seq: 2, text: '', files: [], reactions: [] });
    expect(deleted.deletedAt).toBeTruthy();
  });

  it('a purge by retention is a tombstone too, marked as purged at its time', () => {
    const purged = applyPurge(message(3, { reactions: [{ emoji: '👍', count: 1, me: true }] }), {
      conversationId: 'c1',
      messageId: 'm-3',
      seq: 3,
      purgedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(purged).toMatchObject({
      seq: 3,
      text: '',
      files: [],
      reactions: [],
      purged: true,
      deletedAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('changes only the message with that id', () => {
    const list = updateMessage([message(1), message(2)], 'm-2', (m) => ({ ...m, text: 'x' }));
    expect(list.map((m) => m.text)).toEqual(['text 1', 'x']);
  });

  it('counts others’ reactions and never counts my own twice', () => {
    const event = { conversationId: 'c1', messageId: 'm-1', seq: 1, emoji: '👍' };
    let m = applyReaction(message(1), { ...event, userId: 'u-bob' }, true, 'u-alice');
    expect(m.reactions).toEqual([{ emoji: '👍', count: 1, me: false }]);
    // My PUT answer came first (me: true, count 2); then my own event arrives: no change.
    m = { ...m, reactions: [{ emoji: '👍', count: 2, me: true }] };
    expect(applyReaction(m, { ...event, userId: 'u-alice' }, true, 'u-alice')).toBe(m);
    // Without the answer first, the event counts me in.
    const fresh = applyReaction(
      message(1, { reactions: [{ emoji: '👍', count: 1, me: false }] }),
      { ...event, userId: 'u-alice' },
      true,
      'u-alice',
    );
    expect(fresh.reactions).toEqual([{ emoji: '👍', count: 2, me: true }]);
    // Removals: the last one takes the emoji away.
    const removed = applyReaction(m, { ...event, userId: 'u-bob' }, false, 'u-alice');
    expect(removed.reactions).toEqual([{ emoji: '👍', count: 1, me: true }]);
    const gone = applyReaction(removed, { ...event, userId: 'u-alice' }, false, 'u-alice');
    expect(gone.reactions).toEqual([]);
  });

  it('counts a reply on its root and adds the replier once', () => {
    let root = countReply(message(1), 'u-alice', '2026-11-25T10:05:00Z');
    root = countReply(root, 'u-alice', '2026-11-25T10:06:00Z');
    expect(root.thread).toMatchObject({
      replyCount: 2,
      participants: ['u-alice'],
      lastReplyAt: '2026-11-25T10:06:00Z',
    });
  });

  it('keeps files and reactions of the view when the event copy of the same message arrives', () => {
    const files = [
      {
        id: 'f',
        name: 'a.txt',
        mime: 'text/plain',
        size: 1,
        width: null,
        height: null,
        thumbnailUrl: null,
        url: '/f',
      },
    ];
    const view = message(5, { clientMsgId: 'c-5', files });
    const event = fromSentEvent(
      {
        conversationId: 'c1',
        messageId: 'm-5',
        seq: 5,
        senderId: 'u-bob',
        senderKind: 'user',
        kind: 'user',
        text: 'text 5',
        threadRootId: null,
        mentions: [],
        clientMsgId: 'c-5',
        sentAt: view.createdAt,
      },
      new Map(),
    );
    expect(mergeMessages([view], [event])[0]?.files).toEqual(files);
  });
});

describe('typing', () => {
  const typing = (userId: string, expiresInMs = 5000) => ({
    conversationId: 'c1',
    userId,
    expiresInMs,
  });

  it('shows a typist until the frame expires, and clears them when their message arrives', () => {
    let state = addTyping(new Map(), typing('u-bob'), 1000);
    state = addTyping(state, typing('u-carol'), 2000);
    expect(typingIn(state, 'c1', 1500)).toEqual(['u-bob', 'u-carol']);
    expect(typingIn(state, 'c1', 6500)).toEqual(['u-carol']);
    expect(typingIn(state, 'c2', 1500)).toEqual([]);
    expect(nextExpiry(state, 1500)).toBe(6000);
    state = clearTyping(state, 'c1', 'u-carol');
    expect(typingIn(state, 'c1', 1500)).toEqual(['u-bob']);
    expect(nextExpiry(state, 7000)).toBeNull();
  });

  it('sends at most one typing frame per 3 s', () => {
    expect(shouldSendTyping(null, 0)).toBe(true);
    expect(shouldSendTyping(1000, 3999)).toBe(false);
    expect(shouldSendTyping(1000, 4000)).toBe(true);
  });
});

describe('receipts', () => {
  const receipts = [
    { userId: 'u-alice', lastReadSeq: 9 },
    { userId: 'u-bob', lastReadSeq: 5 },
    { userId: 'u-carol', lastReadSeq: 4 },
  ];

  it('lists who has read up to a message, not me and not its sender', () => {
    expect(seenBy(receipts, { seq: 5, sender: { id: 'u-alice' } }, 'u-alice')).toEqual(['u-bob']);
    expect(seenBy(receipts, { seq: 4, sender: { id: 'u-bob' } }, 'u-alice')).toEqual(['u-carol']);
    expect(seenBy(receipts, { seq: 10, sender: { id: 'u-alice' } }, 'u-alice')).toEqual([]);
  });

  it('moves read positions forward only', () => {
    expect(applyReadPosition(receipts, { userId: 'u-bob', lastReadSeq: 3 })).toEqual(receipts);
    expect(applyReadPosition(receipts, { userId: 'u-bob', lastReadSeq: 7 })[1]).toEqual({
      userId: 'u-bob',
      lastReadSeq: 7,
    });
    expect(applyReadPosition(receipts, { userId: 'u-dan', lastReadSeq: 1 })).toHaveLength(4);
  });
});

describe('mentions', () => {
  const people = [
    { username: 'bob', displayName: 'Bob Builder' },
    { username: 'alice', displayName: 'Alice Liddell' },
    { username: 'wang.wei', displayName: '王伟' },
  ];

  it('finds the mention being typed, but not inside an e-mail address', () => {
    expect(mentionQuery('hi @bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('mail bob@exa', 12)).toBeNull();
    expect(mentionQuery('hi @bob there', 13)).toBeNull();
  });

  it('suggests people by username prefix or any part of the name, then broadcasts', () => {
    expect(mentionSuggestions('bo', people).map((s) => s.insert)).toEqual(['bob']);
    expect(mentionSuggestions('伟', people).map((s) => s.insert)).toEqual(['wang.wei']);
    expect(mentionSuggestions('liddell', people).map((s) => s.insert)).toEqual(['alice']);
    expect(mentionSuggestions('a', people, { myUsername: 'alice' }).map((s) => s.insert)).toEqual([
      'all',
    ]);
    expect(mentionSuggestions('de', []).map((s) => [s.insert, s.broadcast])).toEqual([
      ['department', true],
    ]);
  });

  it('inserts @username and a space, replacing what was typed of it', () => {
    expect(insertMention('hi @bo', 3, 6, 'bob')).toEqual({ text: 'hi @bob ', caret: 8 });
    expect(insertMention('hi @bo, see', 3, 6, 'bob')).toEqual({ text: 'hi @bob , see', caret: 8 });
    expect(insertMention('@b x', 0, 2, 'bob')).toEqual({ text: '@bob x', caret: 5 });
  });
});

describe('titles and sizes', () => {
  const direct: Conversation = {
    id: 'd',
    kind: 'direct',
    name: null,
    lastSeq: 0,
    lastActivityAt: null,
    memberCount: 2,
    unreadCount: 0,
    mentionCount: 0,
    memberIds: ['u-alice', 'u-bob'],
    membership: null,
  };
  const t = (key: string) => key;

  it('calls a direct conversation by the other person once their name is known', () => {
    expect(conversationTitle(direct, t)).toBe('conversation.direct');
    const names = new Map([['u-bob', 'Bob Builder']]);
    expect(conversationTitle(direct, t, { names, myId: 'u-alice' })).toBe('Bob Builder');
  });

  it('formats byte counts', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
  });
});
