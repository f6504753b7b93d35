import { describe, expect, it } from 'vitest';
import { MAX_SUBSCRIBED_USERS, maySee, PresenceSubscriptions } from './subscriptions';

const T0 = 1_000_000;

describe('who may see whose presence', () => {
  it('is the user, their peers and their subscribers — nobody else', () => {
    const none = { isPeer: false, isSubscribed: false };
    expect(maySee('ann', 'ann', none)).toBe(true);
    expect(maySee('ann', 'bob', { ...none, isPeer: true })).toBe(true);
    expect(maySee('ann', 'bob', { ...none, isSubscribed: true })).toBe(true);
    expect(maySee('ann', 'bob', none)).toBe(false);
  });
});

describe('on-demand subscriptions', () => {
  it('lets a viewer watch what is on screen, until the lease runs out', () => {
    const subs = new PresenceSubscriptions();
    subs.subscribe('conn-1', 'ann', ['bob', 'cat'], 60_000, T0);
    expect([...subs.viewersOf('bob', T0)]).toEqual(['ann']);
    expect([...subs.watchedBy('ann', ['bob', 'dan'], T0)]).toEqual(['bob']);
    expect(subs.viewersOf('bob', T0 + 60_000).size).toBe(0);
    expect(subs.size).toBe(0); // dropped on the way
  });

  it('replaces a subscriber’s set instead of growing it (scrolling the tree)', () => {
    const subs = new PresenceSubscriptions();
    subs.subscribe('conn-1', 'ann', ['bob'], 60_000, T0);
    subs.subscribe('conn-1', 'ann', ['cat'], 60_000, T0);
    expect(subs.viewersOf('bob', T0).size).toBe(0);
    expect([...subs.viewersOf('cat', T0)]).toEqual(['ann']);
  });

  it('keeps two devices of one viewer apart, and drops a closed connection’s set', () => {
    const subs = new PresenceSubscriptions();
    subs.subscribe('conn-1', 'ann', ['bob'], 60_000, T0);
    subs.subscribe('conn-2', 'ann', ['bob', 'cat'], 60_000, T0);
    subs.drop('conn-2');
    expect([...subs.viewersOf('bob', T0)]).toEqual(['ann']);
    expect(subs.viewersOf('cat', T0).size).toBe(0);
  });

  it('caps the lease and the set size, and ignores the viewer themself', () => {
    const subs = new PresenceSubscriptions();
    const ends = subs.subscribe('rest:ann', 'ann', ['ann', 'bob'], 24 * 3600_000, T0);
    expect(ends).toBe(T0 + 15 * 60_000);
    expect(subs.viewersOf('ann', T0).size).toBe(0);
    const many = Array.from({ length: MAX_SUBSCRIBED_USERS + 1 }, (_, i) => `u${i}`);
    expect(() => subs.subscribe('rest:ann', 'ann', many, 60_000, T0)).toThrow(/At most/);
  });

  it('sweeps expired leases', () => {
    const subs = new PresenceSubscriptions();
    subs.subscribe('a', 'ann', ['bob'], 10_000, T0);
    subs.subscribe('b', 'cat', ['bob'], 60_000, T0);
    subs.sweep(T0 + 10_000);
    expect(subs.size).toBe(1);
  });
});
