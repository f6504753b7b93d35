import { describe, expect, it } from 'vitest';
import {
  cutoffOf,
  DAY_MS,
  planRetention,
  scopeKey,
  type LegalHold,
  type RetentionPolicy,
} from './retention';

const now = Date.UTC(2026, 0, 31);
let n = 0;
const policy = (scope: RetentionPolicy['scope'], days: number): RetentionPolicy => ({
  id: `p${++n}`,
  scope,
  deleteContentAfterDays: days,
  createdBy: 'officer',
  createdAt: n,
});
const hold = (target: LegalHold['target']): LegalHold => ({
  id: `h${++n}`,
  target,
  reason: 'case 42',
  createdBy: 'officer',
  createdAt: n,
});

describe('retention planning', () => {
  it('purges what is older than the policy’s days, counted from now', () => {
    const p = policy({ conversationKind: 'channel' }, 30);
    expect(cutoffOf(p, now)).toBe(now - 30 * DAY_MS);
    expect(planRetention([p], [], now)).toEqual([
      {
        policy: p,
        cutoff: now - 30 * DAY_MS,
        conversationId: null,
        conversationKind: 'channel',
        exceptSenders: [],
        exceptConversations: [],
      },
    ]);
  });

  it('lets a conversation’s own policy beat its kind’s, longer or shorter', () => {
    const kind = policy({ conversationKind: 'channel' }, 30);
    const longer = policy({ conversationId: 'c-long' }, 365);
    const shorter = policy({ conversationId: 'c-short' }, 7);
    const plans = planRetention([shorter, kind, longer], [], now);
    expect(plans.map((p) => p.policy.id)).toEqual([kind.id, longer.id, shorter.id]);
    expect(plans[0]).toMatchObject({ exceptConversations: ['c-long', 'c-short'] });
    expect(plans[1]).toMatchObject({
      conversationId: 'c-long',
      conversationKind: null,
      cutoff: now - 365 * DAY_MS,
      exceptConversations: [],
    });
    expect(plans[2]).toMatchObject({ conversationId: 'c-short', cutoff: now - 7 * DAY_MS });
  });

  it('spares held people everywhere and held conversations entirely', () => {
    const kind = policy({ conversationKind: 'group' }, 30);
    const own = policy({ conversationId: 'c-held' }, 10);
    const other = policy({ conversationId: 'c-free' }, 10);
    const holds = [
      hold({ userId: 'u-2' }),
      hold({ userId: 'u-1' }),
      hold({ userId: 'u-2' }),
      hold({ conversationId: 'c-held' }),
      hold({ conversationId: 'c-elsewhere' }),
    ];
    const plans = planRetention([kind, own, other], holds, now);
    // The held conversation's own policy is not run at all.
    expect(plans.map((p) => p.policy.id)).toEqual([kind.id, other.id]);
    expect(plans[0]).toMatchObject({
      exceptSenders: ['u-1', 'u-2'],
      exceptConversations: ['c-elsewhere', 'c-free', 'c-held'],
    });
    expect(plans[1]).toMatchObject({ exceptSenders: ['u-1', 'u-2'], exceptConversations: [] });
  });

  it('keys scopes so that one policy covers a kind or a conversation', () => {
    expect(scopeKey({ conversationKind: 'direct' })).toBe('kind:direct');
    expect(scopeKey({ conversationId: 'c1' })).toBe('conversation:c1');
  });
});
