import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignalPacer } from './signal-pacer';

describe('SignalPacer', () => {
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
  });
  afterEach(() => vi.useRealTimers());

  const advance = (ms: number) => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  it('sends a burst at once, then the rest in order at the steady rate', () => {
    const pacer = new SignalPacer(5, 3, () => clock);
    const sent: number[] = [];
    for (let i = 1; i <= 6; i++) pacer.push(() => sent.push(i));
    expect(sent).toEqual([1, 2, 3]);
    expect(pacer.pending).toBe(3);
    advance(200);
    expect(sent).toEqual([1, 2, 3, 4]);
    advance(400);
    expect(sent).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pacer.pending).toBe(0);
  });

  it('never exceeds the burst plus the steady rate over any second', () => {
    const pacer = new SignalPacer(5, 12, () => clock);
    const times: number[] = [];
    for (let i = 0; i < 60; i++) pacer.push(() => times.push(clock));
    for (let t = 0; t < 20_000; t += 50) advance(50);
    expect(times).toHaveLength(60);
    for (const start of times) {
      const inSecond = times.filter((t) => t >= start && t < start + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(12 + 5);
    }
  });

  it('refills while idle, and drops what is queued when cleared', () => {
    const pacer = new SignalPacer(5, 2, () => clock);
    const sent: string[] = [];
    pacer.push(() => sent.push('a'));
    pacer.push(() => sent.push('b'));
    pacer.push(() => sent.push('c'));
    pacer.clear();
    advance(5_000);
    expect(sent).toEqual(['a', 'b']);
    pacer.push(() => sent.push('d'));
    pacer.push(() => sent.push('e'));
    expect(sent).toEqual(['a', 'b', 'd', 'e']);
  });
});
