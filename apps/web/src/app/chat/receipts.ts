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
