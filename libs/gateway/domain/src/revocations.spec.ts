import { describe, expect, it } from 'vitest';
import { RecentRevocations } from './revocations';

describe('RecentRevocations', () => {
  it('revokes sign-ins that started before the revocation (plus the skew), not later ones', () => {
    let now = 10_000;
    const recent = new RecentRevocations(60_000, 1_000, () => now);
    recent.record('u1', 10_000);
    expect(recent.revokes('u1', 9_500)).toBe(true); // read the user before the commit
    expect(recent.revokes('u1', 10_900)).toBe(true); // within the clock tolerance
    expect(recent.revokes('u1', 11_500)).toBe(false); // signed in again afterwards
    expect(recent.revokes('u2', 9_500)).toBe(false);
    now = 80_000;
    recent.record('u3', 80_000); // pruning happens on record
    expect(recent.revokes('u1', 9_500)).toBe(false);
  });

  it('keeps the latest revocation of a user', () => {
    const recent = new RecentRevocations(60_000, 0, () => 0);
    recent.record('u1', 5_000);
    recent.record('u1', 3_000); // a redelivered older event
    expect(recent.revokes('u1', 4_000)).toBe(true);
  });
});
