import { describe, expect, it } from 'vitest';
import {
  JITTER,
  MAX_ATTEMPTS,
  MAX_RETRY_AFTER_MS,
  nextRetryDelay,
  parseRetryAfter,
  RETRY_SCHEDULE_MS,
} from './retry-schedule';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe('retry schedule', () => {
  it('is: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 24 h', () => {
    expect(RETRY_SCHEDULE_MS).toEqual([0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 24 * H]);
    expect(MAX_ATTEMPTS).toBe(8);
  });

  it('waits the scheduled time after each failed try, none after the last', () => {
    const middle = () => 0.5; // no jitter
    const waits = Array.from({ length: MAX_ATTEMPTS }, (_, i) =>
      nextRetryDelay(i + 1, null, middle),
    );
    expect(waits).toEqual([5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 24 * H, null]);
  });

  it('jitters each wait within ±10 %, reaching both bounds', () => {
    expect(JITTER).toBe(0.1);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const base = RETRY_SCHEDULE_MS[attempt] as number;
      expect(nextRetryDelay(attempt, null, () => 0)).toBe(Math.round(base * 0.9));
      expect(nextRetryDelay(attempt, null, () => 1)).toBe(Math.round(base * 1.1));
      for (let i = 0; i < 200; i++) {
        const wait = nextRetryDelay(attempt, null) as number;
        expect(wait).toBeGreaterThanOrEqual(Math.floor(base * 0.9));
        expect(wait).toBeLessThanOrEqual(Math.ceil(base * 1.1));
      }
    }
  });

  it("honours Retry-After when longer than the schedule's wait, capped at 24 h", () => {
    const middle = () => 0.5;
    expect(nextRetryDelay(1, 120 * S, middle)).toBe(120 * S);
    expect(nextRetryDelay(1, 1 * S, middle)).toBe(5 * S); // never sooner than the schedule
    expect(nextRetryDelay(2, 48 * H, middle)).toBe(24 * H);
    expect(nextRetryDelay(MAX_ATTEMPTS, 10 * S, middle)).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120 * S);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date; one in the past is 0', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:05:00 GMT', now)).toBe(5 * M);
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('caps at 24 h', () => {
    expect(parseRetryAfter('999999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Tue, 01 Apr 2025 12:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('ignores what is absent or unreadable', () => {
    for (const value of [undefined, '', 'soon', '-5', '1.5', '2025-03-01'])
      expect(parseRetryAfter(value, now), String(value)).toBeNull();
  });
});
