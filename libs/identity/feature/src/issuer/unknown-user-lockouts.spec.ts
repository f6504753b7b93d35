import { describe, expect, it } from 'vitest';
import { UnknownUserLockouts } from './unknown-user-lockouts';

describe('lockouts of made-up usernames', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('locks a name after the same number of failures as a real account', () => {
    const lockouts = new UnknownUserLockouts({ maxAttempts: 3, lockMinutes: 10 });
    expect(lockouts.fail('nobody', now)).toBe(0);
    expect(lockouts.fail('nobody', now)).toBe(0);
    expect(lockouts.fail('nobody', now)).toBe(10);
    expect(lockouts.lockedMinutes('nobody', now)).toBe(10);
    expect(lockouts.lockedMinutes('somebody-else', now)).toBe(0);
    expect(lockouts.lockedMinutes('nobody', new Date(now.getTime() + 10 * 60_000))).toBe(0);
  });

  it('forgets the oldest names first when full', () => {
    const lockouts = new UnknownUserLockouts({ maxAttempts: 2, lockMinutes: 10 }, 2);
    lockouts.fail('a', now);
    lockouts.fail('b', now);
    lockouts.fail('a', now); // locks a, and makes it the most recent
    lockouts.fail('c', now); // evicts b
    expect(lockouts.lockedMinutes('a', now)).toBe(10);
    expect(lockouts.fail('b', now)).toBe(0); // b starts over: its first failure was forgotten
  });
});
