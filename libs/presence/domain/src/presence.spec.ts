import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimers } from './deadline-timers';
import {
  newUserPresence,
  nextDeadline,
  presenceOf,
  sameView,
  type DeviceActivity,
  type UserPresence,
} from './presence';
import { applyStatusChange } from './status-change';

const T0 = Date.parse('2026-11-25T09:00:00Z');
const MIN = 60_000;

describe('presence aggregation over devices', () => {
  const ann = newUserPresence('ann');
  const state = (user: UserPresence, devices: DeviceActivity[], now = T0) =>
    presenceOf(user, devices, now).state;

  it('is online while any device is active, offline only when no device is left', () => {
    expect(state(ann, ['active', 'active'])).toBe('online');
    expect(state(ann, ['active'])).toBe('online'); // the laptop disconnected, the phone did not
    expect(state(ann, [])).toBe('offline');
  });

  it('is away only when every device reports idle', () => {
    expect(state(ann, ['idle', 'active'])).toBe('online');
    expect(state(ann, ['idle', 'idle'])).toBe('away');
  });

  it('is away when the user chose away, whatever the devices say; offline without a device', () => {
    const away = applyStatusChange(ann, { status: 'away' }, T0);
    expect(state(away, ['active'])).toBe('away');
    expect(state(away, [])).toBe('offline');
    expect(state(applyStatusChange(away, { status: 'auto' }, T0), ['active'])).toBe('online');
  });

  it('lets DND override the devices until it ends, then falls back to them', () => {
    const dnd = applyStatusChange(ann, { status: 'dnd', dndUntil: T0 + 30 * MIN }, T0);
    expect(presenceOf(dnd, ['active'], T0)).toMatchObject({
      state: 'dnd',
      dnd: { until: T0 + 30 * MIN },
    });
    expect(state(dnd, ['idle'], T0 + 30 * MIN - 1)).toBe('dnd');
    expect(presenceOf(dnd, ['idle'], T0 + 30 * MIN)).toMatchObject({ state: 'away', dnd: null });
    expect(state(dnd, ['active'], T0 + 30 * MIN)).toBe('online');
    // Offline while DND: no device, nobody to disturb; `dnd` still tells a notifier.
    expect(presenceOf(dnd, [], T0)).toMatchObject({
      state: 'offline',
      dnd: { until: T0 + 30 * MIN },
    });
  });

  it('keeps an open-ended DND until it is turned off', () => {
    const dnd = applyStatusChange(ann, { status: 'dnd' }, T0);
    expect(state(dnd, ['active'], T0 + 1000 * 24 * 60 * MIN)).toBe('dnd');
    expect(nextDeadline(dnd, T0)).toBeNull();
  });

  it('drops a custom status when it expires', () => {
    const busy = applyStatusChange(
      ann,
      { customStatus: { text: 'In a meeting', emoji: '📅', expiresAt: T0 + 60 * MIN } },
      T0,
    );
    expect(presenceOf(busy, ['active'], T0).status).toEqual({
      text: 'In a meeting',
      emoji: '📅',
      expiresAt: T0 + 60 * MIN,
    });
    expect(presenceOf(busy, ['active'], T0 + 60 * MIN).status).toBeNull();
  });

  it('names the next moment the view changes by time alone', () => {
    const both = applyStatusChange(
      ann,
      {
        status: 'dnd',
        dndUntil: T0 + 30 * MIN,
        customStatus: { text: 'Focus', expiresAt: T0 + 10 * MIN },
      },
      T0,
    );
    expect(nextDeadline(both, T0)).toBe(T0 + 10 * MIN);
    expect(nextDeadline(both, T0 + 10 * MIN)).toBe(T0 + 30 * MIN);
    expect(nextDeadline(both, T0 + 30 * MIN)).toBeNull();
  });

  it('tells a real change from a device flap that leaves the aggregate as it was', () => {
    const before = presenceOf(ann, ['active', 'idle'], T0);
    expect(sameView(before, presenceOf(ann, ['active'], T0))).toBe(true);
    expect(sameView(before, presenceOf(ann, ['idle'], T0))).toBe(false);
    expect(sameView(null, before)).toBe(false);
  });
});

describe('DND expiry on time', () => {
  afterEach(() => vi.useRealTimers());

  it('fires exactly when DND ends, and the view then falls back to the devices', () => {
    vi.useFakeTimers({ now: T0 });
    const user = applyStatusChange(
      newUserPresence('ann'),
      { status: 'dnd', dndUntil: T0 + 5 * MIN },
      T0,
    );
    const seen: string[] = [];
    const timers = new DeadlineTimers((key) =>
      seen.push(`${key}:${presenceOf(user, ['active'], Date.now()).state}`),
    );
    timers.set('ann', nextDeadline(user, Date.now()));
    vi.advanceTimersByTime(5 * MIN - 1);
    expect(seen).toEqual([]);
    expect(presenceOf(user, ['active'], Date.now()).state).toBe('dnd');
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['ann:online']);
  });

  it('replaces a user’s timer when DND is set again, and cancels it with null', () => {
    vi.useFakeTimers({ now: T0 });
    const due: string[] = [];
    const timers = new DeadlineTimers((key) => due.push(key));
    timers.set('ann', T0 + MIN);
    timers.set('ann', T0 + 3 * MIN);
    timers.set('bob', T0 + 2 * MIN);
    timers.set('bob', null);
    vi.advanceTimersByTime(2 * MIN);
    expect(due).toEqual([]);
    vi.advanceTimersByTime(MIN);
    expect(due).toEqual(['ann']);
    expect(timers.pending('ann')).toBeNull();
  });

  it('waits out deadlines beyond setTimeout’s range', () => {
    vi.useFakeTimers({ now: T0 });
    const due: string[] = [];
    const timers = new DeadlineTimers((key) => due.push(key));
    const in30Days = T0 + 30 * 24 * 60 * MIN;
    timers.set('ann', in30Days);
    vi.advanceTimersByTime(25 * 24 * 60 * MIN);
    expect(due).toEqual([]);
    vi.advanceTimersByTime(5 * 24 * 60 * MIN);
    expect(due).toEqual(['ann']);
  });
});
