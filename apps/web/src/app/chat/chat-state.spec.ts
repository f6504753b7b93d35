import { describe, expect, it } from 'vitest';
import type { Conversation, MessageSentEvent } from '../api/models';
import {
  applySentEvent,
  confirmed,
  fromSentEvent,
  markRead,
  mergeMessages,
  pendingMessage,
  readElsewhere,
  type ShownMessage,
} from './chat-state';

const me = { id: 'u-me', username: 'me', displayName: 'Me' };
const now = new Date('2026-11-25T10:00:00Z');

function message(seq: number, extra: Partial<ShownMessage> = {}): ShownMessage {
  return confirmed({
    id: `m-${seq}`,
    conversationId: 'c1',
    seq,
    kind: 'user',
    sender: { id: 'u-other', kind: 'user', username: 'other', displayName: 'Other' },
    text: `text ${seq}`,
    clientMsgId: null,
    createdAt: now.toISOString(),
    ...extra,
  });
}

function conversation(id: string, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    kind: 'channel',
    name: id,
    lastSeq: 1,
    lastActivityAt: null,
    memberCount: 2,
    unreadCount: 0,
    mentionCount: 0,
    membership: { role: 'member', lastReadSeq: 1 },
    ...extra,
  };
}

function sent(extra: Partial<MessageSentEvent> = {}): MessageSentEvent {
  return {
    conversationId: 'c2',
    messageId: 'm-9',
    seq: 2,
    senderId: 'u-other',
    senderKind: 'user',
    kind: 'user',
    text: 'hi',
    threadRootId: null,
    mentions: [],
    clientMsgId: null,
    sentAt: now.toISOString(),
    ...extra,
  };
}

describe('mergeMessages', () => {
  it('orders by seq and keeps a pending message last until it is confirmed', () => {
    const pending = pendingMessage('c1', 'mine', 'k1', me, now);
    const merged = mergeMessages([message(2), pending], [message(1)]);
    expect(merged.map((m) => m.text)).toEqual(['text 1', 'text 2', 'mine']);
    expect(merged[2]!.status).toBe('pending');
  });

  it('replaces the pending copy with the confirmed one, whichever arrives first', () => {
    const pending = pendingMessage('c1', 'mine', 'k1', me, now);
    const fromServer = message(3, { id: 'm-3', text: 'mine', clientMsgId: 'k1' });
    const viaPost = mergeMessages(mergeMessages([pending], [fromServer]), [fromServer]);
    expect(viaPost).toHaveLength(1);
    expect(viaPost[0]).toMatchObject({ id: 'm-3', seq: 3, status: 'sent' });
    // The event got there before the POST answer: the late pending copy must not come back.
    const eventFirst = mergeMessages([fromServer], [pending]);
    expect(eventFirst).toEqual([fromServer]);
  });

  it('shows a message delivered twice (history page and live event) once', () => {
    const merged = mergeMessages([message(1), message(2)], [message(2), message(3)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('matches an event without clientMsgId to the same message by id', () => {
    const withKey = message(4, { clientMsgId: 'k4' });
    const merged = mergeMessages([message(4)], [withKey]);
    expect(merged).toEqual([withKey]);
  });
});

describe('applySentEvent', () => {
  const list = [conversation('c1'), conversation('c2')];
  const context = { myId: 'u-me', openConversationId: 'c1' };

  it('moves the conversation to the top and bumps its unread badge', () => {
    const { conversations, known } = applySentEvent(list, sent(), context);
    expect(known).toBe(true);
    expect(conversations.map((c) => c.id)).toEqual(['c2', 'c1']);
    expect(conversations[0]).toMatchObject({ unreadCount: 1, mentionCount: 0, lastSeq: 2 });
  });

  it('bumps the mention badge when I am mentioned', () => {
    const { conversations } = applySentEvent(list, sent({ mentions: ['u-me'] }), context);
    expect(conversations[0]).toMatchObject({ unreadCount: 1, mentionCount: 1 });
  });

  it('counts @all, @channel and @here as a mention of me', () => {
    const { conversations } = applySentEvent(list, sent({ broadcast: 'here' }), context);
    expect(conversations[0]).toMatchObject({ unreadCount: 1, mentionCount: 1 });
  });

  it('counts thread replies, as the server does', () => {
    const { conversations } = applySentEvent(list, sent({ threadRootId: 'm-1' }), context);
    expect(conversations[0]).toMatchObject({ id: 'c2', unreadCount: 1 });
  });

  it('adds no badge for my own messages, the open conversation, or system notices', () => {
    for (const event of [
      sent({ senderId: 'u-me' }),
      sent({ conversationId: 'c1' }),
      sent({ kind: 'system' }),
    ]) {
      const { conversations } = applySentEvent(list, event, context);
      const target = conversations.find((c) => c.id === event.conversationId)!;
      expect(target.unreadCount, JSON.stringify(event)).toBe(0);
    }
  });

  it('counts a missed call for everyone but its caller; other call summaries not at all', () => {
    const summary = (type: string, senderId: string) =>
      sent({
        kind: 'system',
        senderId,
        system: { type, callId: 'k1', media: 'audio', outcome: 'missed', durationMs: 0 },
      });
    const unread = (event: MessageSentEvent) =>
      applySentEvent(list, event, context).conversations.find((c) => c.id === 'c2')!.unreadCount;
    expect(unread(summary('call.missed', 'u-other'))).toBe(1);
    expect(unread(summary('call.missed', 'u-me'))).toBe(0);
    expect(unread(summary('call.ended', 'u-other'))).toBe(0);
  });

  it('ignores an event it has already counted (seq not newer)', () => {
    const once = applySentEvent(list, sent(), context).conversations;
    const twice = applySentEvent(once, sent(), context).conversations;
    expect(twice.find((c) => c.id === 'c2')!.unreadCount).toBe(1);
  });

  it('reports an unknown conversation so the list is reloaded', () => {
    expect(applySentEvent(list, sent({ conversationId: 'c9' }), context).known).toBe(false);
  });
});

describe('fromSentEvent and markRead', () => {
  it('names the sender when known', () => {
    const shown = fromSentEvent(sent(), new Map([['u-other', 'Other Person']]));
    expect(shown).toMatchObject({
      id: 'm-9',
      status: 'sent',
      sender: { displayName: 'Other Person' },
    });
  });

  it('clears the badges of the conversation opened, only that one', () => {
    const read = markRead(
      [
        conversation('c1', { unreadCount: 3, mentionCount: 1 }),
        conversation('c2', { unreadCount: 2 }),
      ],
      'c1',
    );
    expect(read.map((c) => [c.unreadCount, c.mentionCount])).toEqual([
      [0, 0],
      [2, 0],
    ]);
  });
});

describe('readElsewhere', () => {
  const conversation = (id: string, lastSeq: number, unread: number) =>
    ({
      id,
      kind: 'channel',
      name: id,
      lastSeq,
      lastActivityAt: null,
      memberCount: 2,
      unreadCount: unread,
      mentionCount: unread > 0 ? 1 : 0,
      membership: { role: 'member', lastReadSeq: lastSeq - unread },
    }) as Conversation;
  const list = [conversation('a', 10, 3), conversation('b', 5, 2)];

  it('clears the badges when my other device read everything', () => {
    const result = readElsewhere(
      list,
      { conversationId: 'a', userId: 'me', lastReadSeq: 10 },
      'me',
    );
    expect(result).not.toBe('reload');
    expect((result as Conversation[]).map((c) => [c.id, c.unreadCount, c.mentionCount])).toEqual([
      ['a', 0, 0],
      ['b', 2, 1],
    ]);
  });

  it('asks for the server’s counts when only part was read', () => {
    expect(readElsewhere(list, { conversationId: 'a', userId: 'me', lastReadSeq: 8 }, 'me')).toBe(
      'reload',
    );
  });

  it('ignores other people’s reads and unknown conversations', () => {
    expect(
      readElsewhere(list, { conversationId: 'a', userId: 'bob', lastReadSeq: 10 }, 'me'),
    ).toBeNull();
    expect(
      readElsewhere(list, { conversationId: 'z', userId: 'me', lastReadSeq: 10 }, 'me'),
    ).toBeNull();
  });
});
