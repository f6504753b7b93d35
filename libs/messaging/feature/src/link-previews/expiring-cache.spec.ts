import { describe, expect, it } from 'vitest';
import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  it('forgets an entry after its own time to live', () => {
    let now = 0;
    const cache = new ExpiringCache<string>(10, () => now);
    cache.set('ok', 'page', 1000);
    cache.set('failed', 'error', 100);
    now = 99;
    expect(cache.get('failed')).toBe('error');
    now = 100;
    expect(cache.get('failed')).toBeUndefined();
    expect(cache.get('ok')).toBe('page');
    now = 1000;
    expect(cache.get('ok')).toBeUndefined();
  });

  it('drops the least recently used entry when full', () => {
    const cache = new ExpiringCache<number>(2);
    cache.set('a', 1, 60_000);
    cache.set('b', 2, 60_000);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('c', 3, 60_000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });
});
