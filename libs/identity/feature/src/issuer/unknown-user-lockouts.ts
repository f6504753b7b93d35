import {
  afterFailedAttempt,
  CLEAN_LOGIN_STATE,
  isLocked,
  lockMinutesLeft,
  type LockoutPolicy,
  type LoginState,
} from '@tidings/identity/data-access';

/**
 * Lockout bookkeeping for usernames that do not exist, in memory. Without it, "locked after
 * five tries" would itself reveal which usernames are real: a made-up name would never lock.
 * With it, a made-up name answers exactly like a real one. Bounded, so a flood of random
 * names cannot grow it without limit (the oldest entries are forgotten first).
 */
export class UnknownUserLockouts {
  private readonly states = new Map<string, LoginState>();

  constructor(
    private readonly policy: LockoutPolicy,
    private readonly maxEntries = 10_000,
  ) {}

  lockedMinutes(username: string, now: Date): number {
    const state = this.states.get(username) ?? CLEAN_LOGIN_STATE;
    return isLocked(state, now) ? lockMinutesLeft(state, now) : 0;
  }

  /** Records a failure; returns the minutes of a lock it started (0 when none). */
  fail(username: string, now: Date): number {
    const { state, lockedNow } = afterFailedAttempt(
      this.states.get(username) ?? CLEAN_LOGIN_STATE,
      this.policy,
      now,
    );
    this.states.delete(username); // re-insert: Map order is the eviction order
    this.states.set(username, state);
    if (this.states.size > this.maxEntries) {
      const oldest = this.states.keys().next().value;
      if (oldest !== undefined) this.states.delete(oldest);
    }
    return lockedNow ? lockMinutesLeft(state, now) : 0;
  }
}
