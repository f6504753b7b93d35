import { describe, expect, it } from 'vitest';
import { applyReadEvent, mergeReceipts } from './receipts';

describe('live read receipts', () => {
  const receipts = [
    { userId: 'u-alice', lastReadSeq: 9 },
    { userId: 'u-bob', lastReadSeq: 5 },
  ];

  it('moves a member forward in the followed conversation', () => {
    const event = { conversationId: 'c1', userId: 'u-bob', lastReadSeq: 8 };
    expect(applyReadEvent(receipts, 'c1', event)).toEqual([
      { userId: 'u-alice', lastReadSeq: 9 },
      { userId: 'u-bob', lastReadSeq: 8 },
    ]);
  });

  it('adds a member it had no position for yet', () => {
    const event = { conversationId: 'c1', userId: 'u-carol', lastReadSeq: 2 };
    expect(applyReadEvent(receipts, 'c1', event)).toContainEqual({
      userId: 'u-carol',
      lastReadSeq: 2,
    });
  });

  it('ignores reads of other conversations, and everything while none is followed', () => {
    const event = { conversationId: 'c2', userId: 'u-bob', lastReadSeq: 8 };
    expect(applyReadEvent(receipts, 'c1', event)).toBe(receipts);
    expect(applyReadEvent(receipts, null, { ...event, conversationId: 'c1' })).toBe(receipts);
  });

  it('never moves a position back (a replayed, older event)', () => {
    const event = { conversationId: 'c1', userId: 'u-alice', lastReadSeq: 3 };
    expect(applyReadEvent(receipts, 'c1', event)).toEqual(receipts);
  });

  it('keeps a live position a slower reload has not seen yet, and the reload’s members', () => {
    const loaded = [
      { userId: 'u-alice', lastReadSeq: 10 },
      { userId: 'u-bob', lastReadSeq: 4 },
    ];
    expect(mergeReceipts(loaded, receipts)).toEqual([
      { userId: 'u-alice', lastReadSeq: 10 },
      { userId: 'u-bob', lastReadSeq: 5 },
    ]);
    // Someone the reload does not list has left: not kept.
    expect(mergeReceipts([], receipts)).toEqual([]);
  });
});
