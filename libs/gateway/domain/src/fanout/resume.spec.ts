import { describe, expect, it } from 'vitest';
import { EventStream } from './event-stream';
import { planResume } from './resume-plan';

describe('planResume', () => {
  it('starts a fresh connection after the current seq', () => {
    expect(planResume(undefined, { currentSeq: 41, oldestSeq: 3 })).toEqual({
      kind: 'fresh',
      after: 41,
    });
  });

  it('replays from lastSeq when everything after it is retained', () => {
    expect(planResume(10, { currentSeq: 40, oldestSeq: 11 })).toEqual({
      kind: 'replay',
      after: 10,
    });
    expect(planResume(10, { currentSeq: 40, oldestSeq: 1 })).toEqual({ kind: 'replay', after: 10 });
    expect(planResume(40, { currentSeq: 40, oldestSeq: undefined })).toEqual({
      kind: 'replay',
      after: 40,
    });
  });

  it('resyncs when the first missed event is no longer retained', () => {
    expect(planResume(10, { currentSeq: 40, oldestSeq: 12 })).toEqual({
      kind: 'resync',
      after: 40,
      reason: 'expired',
    });
    expect(planResume(10, { currentSeq: 40, oldestSeq: undefined })).toMatchObject({
      kind: 'resync',
      reason: 'expired',
    });
  });

  it('resyncs a lastSeq ahead of anything issued', () => {
    expect(planResume(50, { currentSeq: 40, oldestSeq: 1 })).toEqual({
      kind: 'resync',
      after: 40,
      reason: 'ahead',
    });
  });
});

describe('EventStream switch-over', () => {
  const e = (seq: number) => ({ seq });
  const seqs = (events: Array<{ seq: number }>) => events.map((x) => x.seq);

  it('buffers live events while replaying and drops those the replay already wrote', () => {
    const stream = new EventStream(10);
    // Live events 12..14 arrive during the replay (12 and 13 were also committed before the read).
    expect(stream.offer(e(13))).toEqual([]);
    expect(stream.offer(e(12))).toEqual([]);
    expect(stream.offer(e(14))).toEqual([]);
    for (const seq of [11, 12, 13]) expect(stream.replayed(e(seq))).toBe(true);
    expect(seqs(stream.goLive())).toEqual([14]);
    expect(stream.isLive).toBe(true);
    expect(seqs(stream.offer(e(15)))).toEqual([15]);
    expect(stream.lastWritten).toBe(15);
  });

  it('drops duplicates once live', () => {
    const stream = new EventStream(5);
    stream.goLive();
    expect(seqs(stream.offer(e(6)))).toEqual([6]);
    expect(stream.offer(e(6))).toEqual([]);
    expect(stream.offer(e(4))).toEqual([]);
  });

  it('reports a gap in the replay', () => {
    const stream = new EventStream(10);
    expect(stream.replayed(e(11))).toBe(true);
    expect(stream.replayed(e(13))).toBe(false);
    expect(stream.lastWritten).toBe(11);
  });

  it('after a resync continues past the current seq', () => {
    const stream = new EventStream(3);
    stream.offer(e(40));
    stream.offer(e(41));
    stream.skipTo(40);
    expect(seqs(stream.goLive())).toEqual([41]);
  });

  it('goes back to catching up when a live seq overtakes an earlier one, once per gap', () => {
    const stream = new EventStream(20);
    stream.goLive();
    expect(seqs(stream.offer(e(21)))).toEqual([21]);
    expect(stream.takeGap()).toBe(false);
    // 23 arrives before 22 (another fan-out process's relay was slower).
    expect(stream.offer(e(23))).toEqual([]);
    expect(stream.isLive).toBe(false);
    expect(stream.offer(e(24))).toEqual([]);
    expect(stream.takeGap()).toBe(true);
    expect(stream.takeGap()).toBe(false);
    // The fill writes 22..24 from the store; the late 22 and the buffered ones are duplicates.
    for (const seq of [22, 23, 24]) expect(stream.replayed(e(seq))).toBe(true);
    expect(stream.offer(e(22))).toEqual([]);
    expect(seqs(stream.goLive())).toEqual([]);
    expect(seqs(stream.offer(e(25)))).toEqual([25]);
  });

  it('writes only the contiguous part of what it buffered, and reports the hole left', () => {
    const stream = new EventStream(10);
    for (const seq of [14, 11, 12]) stream.offer(e(seq));
    // The replay found nothing new; 13 is still on its way behind 14.
    expect(seqs(stream.goLive())).toEqual([11, 12]);
    expect(stream.isLive).toBe(false);
    expect(stream.takeGap()).toBe(true);
    // The next read of the store finds 13 (and 14, which the buffer then drops).
    for (const seq of [13, 14]) expect(stream.replayed(e(seq))).toBe(true);
    expect(seqs(stream.goLive())).toEqual([]);
    expect(stream.isLive).toBe(true);
    expect(stream.takeGap()).toBe(false);
  });
});
