import { describe, expect, it } from 'vitest';
import {
  onDeactivated,
  onReactivated,
  signInRefused,
  type Standing,
  type StandingChange,
} from './standing';

const T0 = Date.parse('2026-05-01T08:00:00Z');
const at = (seconds: number) => T0 + seconds * 1000;
const fresh: Standing = { active: true, sessionsRevokedAt: 0, statusChangedAt: null };

/** What the repository writes for a change. */
function apply(standing: Standing, change: StandingChange | undefined): Standing {
  return change ? { ...standing, ...withoutRevoke(change), ...revoked(change) } : standing;
}
const withoutRevoke = ({ revokeSessionsAt: _, ...rest }: StandingChange) => rest;
const revoked = (c: StandingChange) =>
  c.revokeSessionsAt === undefined ? {} : { sessionsRevokedAt: c.revokeSessionsAt };

describe('directory status events on a standing', () => {
  it('deactivates as of processing time, and a duplicate changes nothing', () => {
    const change = onDeactivated(fresh, at(10), at(12));
    expect(change).toEqual({ active: false, revokeSessionsAt: at(12), statusChangedAt: at(10) });
    const off = apply(fresh, change);
    expect(onDeactivated(off, at(10), at(20))).toBeUndefined();
  });

  it('reactivates without moving the revocation: earlier sign-ins stay void', () => {
    const off = apply(fresh, onDeactivated(fresh, at(10), at(12)));
    const change = onReactivated(off, at(30));
    expect(change).toEqual({ active: true, statusChangedAt: at(30) });
    const on = apply(off, change);
    expect(on).toEqual({ active: true, sessionsRevokedAt: at(12), statusChangedAt: at(30) });
    expect(onReactivated(on, at(30))).toBeUndefined(); // redelivered
  });

  it('ignores an old deactivation redelivered after the reactivation', () => {
    const off = apply(fresh, onDeactivated(fresh, at(10), at(12)));
    const on = apply(off, onReactivated(off, at(30)));
    expect(onDeactivated(on, at(10), at(40))).toBeUndefined();
  });

  it('keeps a person active whose reactivation was applied before their deactivation', () => {
    // The two consumer groups are not in step: the reactivation may be handled first.
    const on = apply(fresh, onReactivated(fresh, at(30)));
    expect(on).toEqual({ active: true, sessionsRevokedAt: 0, statusChangedAt: at(30) });
    const change = onDeactivated(on, at(10), at(40));
    // Still active, but what was issued before the deactivation is void, from its own time.
    expect(change).toEqual({ revokeSessionsAt: at(10) });
    const after = apply(on, change);
    expect(after).toMatchObject({ active: true, sessionsRevokedAt: at(10) });
    expect(onDeactivated(after, at(10), at(50))).toBeUndefined();
  });

  it('ignores an old reactivation redelivered after a later deactivation', () => {
    let s = apply(fresh, onDeactivated(fresh, at(10), at(11)));
    s = apply(s, onReactivated(s, at(20)));
    s = apply(s, onDeactivated(s, at(30), at(31)));
    expect(onReactivated(s, at(20))).toBeUndefined();
    expect(s).toMatchObject({ active: false, sessionsRevokedAt: at(31) });
  });

  it('moves the watermark on a newer event that finds the state already right', () => {
    const off = apply(fresh, onDeactivated(fresh, at(10), at(11)));
    expect(onDeactivated(off, at(15), at(16))).toEqual({ statusChangedAt: at(15) });
    expect(onReactivated(fresh, at(5))).toEqual({ statusChangedAt: at(5) });
  });

  it('never moves the revocation instant backwards', () => {
    const revokedLater: Standing = { ...fresh, sessionsRevokedAt: at(100) };
    expect(onDeactivated(revokedLater, at(10), at(12))?.revokeSessionsAt).toBe(at(100));
    // An event stamped ahead of this host's clock revokes up to its own time.
    expect(onDeactivated(fresh, at(10), at(9))?.revokeSessionsAt).toBe(at(10));
  });
});

describe('signInRefused', () => {
  const active = { active: true, sessionsRevokedAt: at(10) };

  it('refuses the deactivated, and sign-ins begun before the revocation', () => {
    expect(signInRefused({ ...active, active: false }, T0 / 1000 + 60)).toBe(true);
    expect(signInRefused({ ...active, active: false })).toBe(true);
    expect(signInRefused(active, T0 / 1000 + 9)).toBe(true);
    expect(signInRefused(active, T0 / 1000 + 10)).toBe(false);
    expect(signInRefused(active)).toBe(false);
  });

  it('refuses nothing for a person identity has never seen', () => {
    expect(signInRefused(undefined, 0)).toBe(false);
  });
});
