import type { Conversation, Message, MessageSentEvent } from '../api/models';

/**
 * The chat screen's state changes as pure functions, so the rules (ordering, de-duplication
 * of optimistic messages, badge counting) are unit-tested without a browser or Angular.
 */

/** A message on screen: confirmed by the server, or still ours alone. */
export interface ShownMessage extends Message {
  status: 'sent' | 'pending' | 'failed';
}

/** The optimistic copy shown the moment the user presses send. */
export function pendingMessage(
  conversationId: string,
  text: string,
  clientMsgId: string,
  me: { id: string; username: string; displayName: string | null },
  now: Date,
): ShownMessage {
  return {
    id: `pending:${clientMsgId}`,
    conversationId,
    seq: Number.POSITIVE_INFINITY, // sorts after every confirmed message until it is confirmed
    kind: 'user',
    sender: { id: me.id, kind: 'user', username: me.username, displayName: me.displayName },
    text,
    clientMsgId,
    createdAt: now.toISOString(),
    status: 'pending',
  };
}

/**
 * Adds or confirms messages. The same message can arrive twice — from the POST answer and
 * from the WebSocket event, in either order — and a confirmed message replaces its pending
 * copy (matched by clientMsgId), so each message is shown exactly once, ordered by seq.
 */
export function mergeMessages(current: readonly ShownMessage[], incoming: readonly ShownMessage[]) {
  const byKey = new Map<string, ShownMessage>();
  const keyOf = (m: ShownMessage) => (m.clientMsgId ? `c:${m.clientMsgId}` : `i:${m.id}`);
  for (const message of [...current, ...incoming]) {
    const key = keyOf(message);
    const existing =
      byKey.get(key) ?? (message.status === 'sent' ? findById(byKey, message.id) : undefined);
    // A confirmed copy always wins over a pending or failed one; between two confirmed
    // copies the later one wins (it may carry an edit).
    if (existing && existing.status === 'sent' && message.status !== 'sent') continue;
    if (existing && keyOf(existing) !== key) byKey.delete(keyOf(existing));
    // An event's copy lacks what only views carry (files, reactions, thread): keep those.
    const both = existing?.status === 'sent' && message.status === 'sent';
    byKey.set(key, both ? newerCardKept(existing, { ...existing, ...message }) : message);
  }
  return [...byKey.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * Two copies of one message may carry different versions of its card (a history page read
 * before a card update, the update's frame applied meanwhile): the newer card stays.
 */
function newerCardKept(older: ShownMessage, merged: ShownMessage): ShownMessage {
  if ((older.cardVersion ?? 0) <= (merged.cardVersion ?? 0)) return merged;
  return { ...merged, card: older.card ?? null, cardVersion: older.cardVersion ?? 0 };
}

function findById(map: Map<string, ShownMessage>, id: string): ShownMessage | undefined {
  for (const message of map.values()) if (message.id === id) return message;
  return undefined;
}

export function confirmed(message: Message): ShownMessage {
  return { ...message, status: 'sent' };
}

/** A `messaging.message.sent` event as a message to show. */
export function fromSentEvent(event: MessageSentEvent, senderNames: ReadonlyMap<string, string>) {
  return confirmed({
    id: event.messageId,
    conversationId: event.conversationId,
    seq: event.seq,
    kind: event.kind,
    sender: {
      id: event.senderId,
      kind: event.senderKind,
      username: null,
      displayName: senderNames.get(event.senderId) ?? null,
    },
    text: event.text,
    clientMsgId: event.clientMsgId,
    createdAt: event.sentAt,
    threadRootId: event.threadRootId,
    // Only when the event says: an older server's event without them must not blank a card.
    ...(event.card !== undefined ? { card: event.card } : {}),
    ...(event.cardVersion !== undefined ? { cardVersion: event.cardVersion } : {}),
    // A system message's meaning (a call summary is drawn from it, not from the text).
    ...(event.system ? { system: event.system } : {}),
  });
}

/**
 * A new message moves its conversation to the top and, unless the user is looking at it, wrote
 * it or it is a system notice, bumps the unread badge (and the mention badge when they are mentioned).
 * A missed call is the one system message that counts: it is news for everyone but its caller.
 */
export function applySentEvent(
  conversations: readonly Conversation[],
  event: MessageSentEvent,
  context: { myId: string; openConversationId: string | null },
): { conversations: Conversation[]; known: boolean } {
  const conversation = conversations.find((c) => c.id === event.conversationId);
  if (!conversation) return { conversations: [...conversations], known: false };
  if (event.seq <= conversation.lastSeq) return { conversations: [...conversations], known: true };
  // As the server counts (docs/messaging.md, _Read state_): thread replies count, system
  // messages (but a missed call) and one's own do not — so a reload shows the same badge.
  const notice = event.kind === 'system' && event.system?.type !== 'call.missed';
  const counts =
    notice || event.senderId === context.myId || event.conversationId === context.openConversationId
      ? {}
      : {
          unreadCount: conversation.unreadCount + 1,
          mentionCount:
            conversation.mentionCount +
            (event.mentions.includes(context.myId) || event.broadcast ? 1 : 0),
        };
  const updated: Conversation = {
    ...conversation,
    ...counts,
    lastSeq: event.seq,
    lastActivityAt: event.sentAt,
  };
  const rest = conversations.filter((c) => c !== conversation);
  return { conversations: [updated, ...rest], known: true };
}

/** Opening a conversation reads it: its badges clear (the server is told separately). */
export function markRead(conversations: readonly Conversation[], id: string): Conversation[] {
  return conversations.map((c) => (c.id === id ? { ...c, unreadCount: 0, mentionCount: 0 } : c));
}

/**
 * My read position moved on another device (`messaging.read.updated` for me): read up to the
 * newest message, the badges clear here too; read only part of it, the counts are the server's
 * to say (`reload`). Not my read, or a conversation not in the list: nothing to do.
 */
export function readElsewhere(
  conversations: readonly Conversation[],
  event: { conversationId: string; userId: string; lastReadSeq: number },
  myId: string | null,
): Conversation[] | 'reload' | null {
  if (event.userId !== myId) return null;
  const conversation = conversations.find((c) => c.id === event.conversationId);
  if (!conversation) return null;
  if (event.lastReadSeq < conversation.lastSeq) return 'reload';
  return markRead(conversations, conversation.id);
}
