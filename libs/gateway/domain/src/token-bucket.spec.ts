import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('lets a burst through, then refuses until time refills it', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now += 99; // 0.99 tokens: not yet
    expect(bucket.take()).toBe(false);
    now += 2; // a refused frame took nothing; 1.01 tokens now
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('never holds more than the burst, however long the connection was idle', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 2, () => now);
    now += 60_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });

  it('sustains exactly the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(5, 1, () => now);
    let passed = 0;
    for (let ms = 0; ms <= 10_000; ms += 10) {
      now = ms;
      if (bucket.take()) passed++;
    }
    expect(passed).toBe(51); // the initial token + 5/s for 10 s
  });

  it('refuses nonsense settings', () => {
    expect(() => new TokenBucket(0, 1)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0)).toThrow(RangeError);
  });
});
