import { describe, expect, it } from 'vitest';
import {
  afterFailedAttempt,
  afterSuccessfulLogin,
  CLEAN_LOGIN_STATE,
  isLocked,
  lockMinutesLeft,
  type LoginState,
} from './lockout';

const policy = { maxAttempts: 5, lockMinutes: 15 };
const t0 = new Date('2026-01-01T10:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

function failTimes(count: number, state: LoginState = CLEAN_LOGIN_STATE, now = t0) {
  let lockedAt = 0;
  for (let i = 1; i <= count; i++) {
    const result = afterFailedAttempt(state, policy, now);
    state = result.state;
    if (result.lockedNow) lockedAt = i;
  }
  return { state, lockedAt };
}

describe('the lockout policy', () => {
  it('counts wrong passwords and locks on the fifth for fifteen minutes', () => {
    const four = failTimes(4);
    expect(four.state).toEqual({ failedAttempts: 4, lockedUntil: null });
    expect(isLocked(four.state, t0)).toBe(false);

    const five = failTimes(5);
    expect(five.lockedAt).toBe(5);
    expect(five.state.lockedUntil).toEqual(minutes(15));
    expect(isLocked(five.state, minutes(14.9))).toBe(true);
    expect(isLocked(five.state, minutes(15))).toBe(false);
  });

  it('does not count attempts made while locked, so the lock ends on time', () => {
    const { state } = failTimes(5);
    const during = afterFailedAttempt(state, policy, minutes(5));
    expect(during).toEqual({ state, lockedNow: false });
  });

  it('starts a new series after the lock expires instead of re-locking at once', () => {
    const { state } = failTimes(5);
    const next = afterFailedAttempt(state, policy, minutes(16));
    expect(next.lockedNow).toBe(false);
    expect(next.state).toEqual({ failedAttempts: 1, lockedUntil: null });
  });

  it('resets on success', () => {
    expect(failTimes(3).state.failedAttempts).toBe(3);
    expect(afterSuccessfulLogin()).toEqual({ failedAttempts: 0, lockedUntil: null });
  });

  it('tells whole minutes left, rounding up', () => {
    const { state } = failTimes(5);
    expect(lockMinutesLeft(state, t0)).toBe(15);
    expect(lockMinutesLeft(state, minutes(14.01))).toBe(1);
    expect(lockMinutesLeft(state, minutes(20))).toBe(0);
    expect(lockMinutesLeft(CLEAN_LOGIN_STATE, t0)).toBe(0);
  });

  it('honours other thresholds', () => {
    const strict = { maxAttempts: 1, lockMinutes: 1 };
    const result = afterFailedAttempt(CLEAN_LOGIN_STATE, strict, t0);
    expect(result).toEqual({
      state: { failedAttempts: 0, lockedUntil: minutes(1) },
      lockedNow: true,
    });
  });
});
