import { describe, expect, it } from 'vitest';
import { AudienceCache } from './audience-cache';

describe('AudienceCache', () => {
  it('remembers members until invalidated or expired', () => {
    let now = 0;
    const cache = new AudienceCache(1_000, 10, () => now);
    cache.set('c1', ['a', 'b']);
    expect(cache.get('c1')).toEqual(['a', 'b']);
    cache.invalidate('c1');
    expect(cache.get('c1')).toBeUndefined();
    cache.set('c1', ['a']);
    now = 999;
    expect(cache.get('c1')).toEqual(['a']);
    now = 1_000;
    expect(cache.get('c1')).toBeUndefined();
  });

  it('evicts the least recently used conversation beyond its size', () => {
    const cache = new AudienceCache(60_000, 2, () => 0);
    cache.set('c1', ['a']);
    cache.set('c2', ['b']);
    cache.get('c1');
    cache.set('c3', ['c']);
    expect(cache.get('c2')).toBeUndefined();
    expect(cache.get('c1')).toEqual(['a']);
    expect(cache.size).toBe(2);
  });
});
