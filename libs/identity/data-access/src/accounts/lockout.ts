/**
 * The lockout rule, pure: after `maxAttempts` consecutive wrong passwords an account is
 * locked for `lockMinutes`; while locked every attempt is refused, even with the right
 * password; a success resets the count. Attempts made while locked do not count, so a
 * lock expires on schedule however often someone keeps trying.
 */
export interface LockoutPolicy {
  maxAttempts: number;
  lockMinutes: number;
}

export interface LoginState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export const CLEAN_LOGIN_STATE: LoginState = Object.freeze({
  failedAttempts: 0,
  lockedUntil: null,
});

/** Milliseconds the lock still holds at `now` (0 when not locked). */
export function lockRemainingMs(state: LoginState, now: Date): number {
  return state.lockedUntil ? Math.max(0, state.lockedUntil.getTime() - now.getTime()) : 0;
}

export function isLocked(state: LoginState, now: Date): boolean {
  return lockRemainingMs(state, now) > 0;
}

/** Whole minutes to tell the user ("try again in N minutes"); at least 1 while locked. */
export function lockMinutesLeft(state: LoginState, now: Date): number {
  return Math.ceil(lockRemainingMs(state, now) / 60_000);
}

export function afterFailedAttempt(
  state: LoginState,
  policy: LockoutPolicy,
  now: Date,
): { state: LoginState; lockedNow: boolean } {
  if (isLocked(state, now)) return { state, lockedNow: false };
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts >= policy.maxAttempts) {
    // The count restarts with the lock: after it expires, the next wrong password is
    // failure 1 of a new series, not an instant re-lock.
    const lockedUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
    return { state: { failedAttempts: 0, lockedUntil }, lockedNow: true };
  }
  return { state: { failedAttempts, lockedUntil: null }, lockedNow: false };
}

export function afterSuccessfulLogin(): LoginState {
  return { ...CLEAN_LOGIN_STATE };
}
