import type { Receipt } from '../api/models';

/** Receipts are offered for conversations of at most this many members (docs/messaging.md). */
export const RECEIPTS_MAX_MEMBERS = 50;

/**
 * Who has read a message: members whose read position covers its seq, except the reader
 * and the message's sender (the sender read what they wrote).
 */
export function seenBy(
  receipts: readonly Receipt[],
  message: { seq: number; sender: { id: string } },
  myId: string | null,
): string[] {
  return receipts
    .filter((r) => r.userId !== myId && r.userId !== message.sender.id)
    .filter((r) => r.lastReadSeq >= message.seq)
    .map((r) => r.userId);
}

/** Applies a `read.updated` (positions only move forward). */
export function applyReadPosition(receipts: readonly Receipt[], update: Receipt): Receipt[] {
  const known = receipts.some((r) => r.userId === update.userId);
  if (!known) return [...receipts, update];
  return receipts.map((r) =>
    r.userId === update.userId && update.lastReadSeq > r.lastReadSeq ? update : r,
  );
}

/** `messaging.read.updated`: a member's read position moved (docs/realtime.md). */
export interface ReadUpdatedEvent {
  conversationId: string;
  userId: string;
  lastReadSeq: number;
}

/**
 * A live read position, for the receipts of the conversation being followed: the server sends
 * every member's reads of conversations small enough for receipts, so one of another
 * conversation (or of none followed) leaves them as they are.
 */
export function applyReadEvent(
  receipts: Receipt[],
  followedId: string | null,
  event: ReadUpdatedEvent,
): Receipt[] {
  if (!followedId || event.conversationId !== followedId) return receipts;
  return applyReadPosition(receipts, { userId: event.userId, lastReadSeq: event.lastReadSeq });
}

/**
 * A reload of the receipts, merged with what is already known: a live event may have overtaken
 * the request, and positions only move forward, so the further one of each member wins.
 */
export function mergeReceipts(loaded: readonly Receipt[], known: readonly Receipt[]): Receipt[] {
  return known.reduce<Receipt[]>(
    (merged, r) =>
      merged.some((m) => m.userId === r.userId) ? applyReadPosition(merged, r) : merged,
    [...loaded],
  );
}
