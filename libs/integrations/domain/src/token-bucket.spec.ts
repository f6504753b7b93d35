import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket';

describe('TokenBuckets', () => {
  it('allows a burst, then refuses with Retry-After, then refills at the rate', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perSecond: 20, burst: 40 }, () => now);
    for (let i = 0; i < 40; i++) expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 100; // 2 tokens back
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  it('keeps webhooks apart', () => {
    const buckets = new TokenBuckets({ perSecond: 1, burst: 1 }, () => 0);
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
    expect(buckets.take('b').ok).toBe(true);
  });

  it('says how long to wait at a slow rate', () => {
    const buckets = new TokenBuckets({ perSecond: 0.1, burst: 1 }, () => 0);
    buckets.take('a');
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterSeconds: 10 });
  });

  it('refuses a nonsensical limit', () => {
    expect(() => new TokenBuckets({ perSecond: 0, burst: 1 })).toThrow();
  });
});
