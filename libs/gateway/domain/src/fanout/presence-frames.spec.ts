import { describe, expect, it } from 'vitest';
import {
  isStalePresence,
  PRESENCE_STALE_MS,
  presenceFrameText,
  presenceRecipients,
} from './presence-frames';

describe('presence frames', () => {
  it("go to the audience presence names and the subject's own devices, each once, sorted", () => {
    expect(presenceRecipients('u-bob', ['u-carol', 'u-alice', 'u-carol'])).toEqual([
      'u-alice',
      'u-bob',
      'u-carol',
    ]);
    expect(presenceRecipients('u-bob', [])).toEqual(['u-bob']);
  });

  it('are ephemeral: no seq, the data as the event carries it', () => {
    const data = { userId: 'u-bob', state: 'away', lastSeenAt: null, dnd: null, status: null };
    expect(JSON.parse(presenceFrameText(data))).toEqual({ type: 'presence.changed', data });
  });

  it('are skipped once older than the staleness bound (or without a readable time)', () => {
    const now = 1_000_000;
    expect(isStalePresence(now - PRESENCE_STALE_MS, now)).toBe(false);
    expect(isStalePresence(now - PRESENCE_STALE_MS - 1, now)).toBe(true);
    expect(isStalePresence(Number.NaN, now)).toBe(true);
  });
});
