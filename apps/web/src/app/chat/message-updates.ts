import type {
  MessageDeletedEvent,
  MessageEditedEvent,
  MessagePurgedEvent,
  Reaction,
  ReactionEvent,
} from '../api/models';
import type { ShownMessage } from './chat-state';

/**
 * Live changes to messages already on screen (edits, deletes, reactions, thread replies),
 * as pure functions over the list. A change to a message that is not loaded changes nothing:
 * it shows correctly when its page is loaded from the server.
 */

export function updateMessage(
  messages: readonly ShownMessage[],
  id: string,
  change: (m: ShownMessage) => ShownMessage,
): ShownMessage[] {
  return messages.map((m) => (m.id === id ? change(m) : m));
}

export function applyEdit(m: ShownMessage, event: MessageEditedEvent): ShownMessage {
  return { ...m, text: event.text, editedAt: event.editedAt ?? new Date().toISOString() };
}

/** A tombstone: the server purges text, files, reactions and the pin with it. */
export function applyDelete(m: ShownMessage, event: MessageDeletedEvent & { deletedAt?: string }) {
  return {
    ...m,
    text: '',
    files: [],
    reactions: [],
    pinned: null,
    deletedAt: event.deletedAt ?? m.deletedAt ?? new Date().toISOString(),
  };
}

/** Retention emptied the message: a tombstone like a deletion, said differently. */
export function applyPurge(m: ShownMessage, event: MessagePurgedEvent): ShownMessage {
  return { ...applyDelete(m, { ...event, deletedAt: event.purgedAt }), purged: true };
}

/**
 * A reaction event. Our own reactions also come back as the PUT/DELETE answer, which may be
 * applied first: `me` says whether it is already counted, so it is never counted twice.
 */
export function applyReaction(
  m: ShownMessage,
  event: ReactionEvent,
  added: boolean,
  myId: string | null,
): ShownMessage {
  const mine = event.userId === myId;
  const reactions: Reaction[] = [...(m.reactions ?? [])];
  const index = reactions.findIndex((r) => r.emoji === event.emoji);
  const current = index >= 0 ? reactions[index] : undefined;
  if (mine && current && current.me === added) return m; // already applied
  if (mine && !current && !added) return m;
  if (added) {
    const next = current
      ? { ...current, count: current.count + 1, me: current.me || mine }
      : { emoji: event.emoji, count: 1, me: mine };
    if (index >= 0) reactions[index] = next;
    else reactions.push(next);
  } else if (current) {
    const next = { ...current, count: current.count - 1, me: mine ? false : current.me };
    if (next.count <= 0) reactions.splice(index, 1);
    else reactions[index] = next;
  }
  return { ...m, reactions };
}

/** A reply arrived: its root's reply count goes up and the replier joins its participants. */
export function countReply(root: ShownMessage, replierId: string, at: string): ShownMessage {
  const thread = root.thread ?? {
    replyCount: 0,
    lastReplyAt: null,
    participants: [],
    following: false,
  };
  return {
    ...root,
    thread: {
      ...thread,
      replyCount: thread.replyCount + 1,
      lastReplyAt: at,
      participants: thread.participants.includes(replierId)
        ? thread.participants
        : [...thread.participants, replierId],
    },
  };
}
