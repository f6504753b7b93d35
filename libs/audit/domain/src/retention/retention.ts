/**
 * Retention policies and legal holds (docs/compliance.md "Retention and legal hold"): which
 * message content a run purges, decided here without a database, so the rules read in one
 * place. Messaging does the purge; the audit service only decides and records.
 */

export const CONVERSATION_KINDS = ['channel', 'group', 'direct'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

/** Ten years: a longer period is a typo, not a policy (the console refuses it too). */
export const MAX_RETENTION_DAYS = 3_650;

export const DAY_MS = 86_400_000;

/** What a policy covers: every conversation of a kind, or one conversation. */
export type RetentionScope = { conversationKind: ConversationKind } | { conversationId: string };

export interface RetentionPolicy {
  id: string;
  scope: RetentionScope;
  /** Message content older than this many days is purged. */
  deleteContentAfterDays: number;
  createdBy: string;
  /** Epoch ms. */
  createdAt: number;
}

/** Whom a hold protects: one person's messages everywhere, or everything in one conversation. */
export type HoldTarget = { userId: string } | { conversationId: string };

export interface LegalHold {
  id: string;
  target: HoldTarget;
  reason: string;
  createdBy: string;
  /** Epoch ms. */
  createdAt: number;
}

/** One policy's part of a run: what messaging is asked to purge. */
export interface PurgePlan {
  policy: RetentionPolicy;
  /** Messages sent before this instant (epoch ms) lose their content. */
  cutoff: number;
  conversationId: string | null;
  conversationKind: ConversationKind | null;
  /** People under legal hold: their messages are never purged. */
  exceptSenders: string[];
  /** Conversations under legal hold, and (for a kind's policy) those with a policy of their own. */
  exceptConversations: string[];
}

/** One key per scope: at most one policy covers a kind, or a conversation. */
export function scopeKey(scope: RetentionScope): string {
  return 'conversationId' in scope
    ? `conversation:${scope.conversationId}`
    : `kind:${scope.conversationKind}`;
}

/** The instant before which content goes, for a policy applied at `now`. */
export function cutoffOf(policy: Pick<RetentionPolicy, 'deleteContentAfterDays'>, now: number) {
  return now - policy.deleteContentAfterDays * DAY_MS;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * What a run at `now` purges, policy by policy. The most specific policy wins: a conversation
 * with a policy of its own is left out of its kind's policy, whether its own keeps content
 * longer or shorter. A conversation under hold is left out of everything (its own policy is
 * not planned at all); a person under hold is left out as a sender everywhere.
 */
export function planRetention(
  policies: readonly RetentionPolicy[],
  holds: readonly LegalHold[],
  now: number,
): PurgePlan[] {
  const heldUsers = sorted(holds.flatMap((h) => ('userId' in h.target ? [h.target.userId] : [])));
  const heldConversations = new Set(
    holds.flatMap((h) => ('conversationId' in h.target ? [h.target.conversationId] : [])),
  );
  const ownPolicy = new Set(
    policies.flatMap((p) => ('conversationId' in p.scope ? [p.scope.conversationId] : [])),
  );
  const plans: PurgePlan[] = [];
  // Oldest policy first: the order runs and their records come in is the same every time.
  const ordered = [...policies].sort((a, b) => a.createdAt - b.createdAt || cmp(a.id, b.id));
  for (const policy of ordered) {
    const base = { policy, cutoff: cutoffOf(policy, now), exceptSenders: heldUsers };
    if ('conversationId' in policy.scope) {
      if (heldConversations.has(policy.scope.conversationId)) continue;
      plans.push({
        ...base,
        conversationId: policy.scope.conversationId,
        conversationKind: null,
        exceptConversations: [],
      });
    } else {
      plans.push({
        ...base,
        conversationId: null,
        conversationKind: policy.scope.conversationKind,
        exceptConversations: sorted([...heldConversations, ...ownPolicy]),
      });
    }
  }
  return plans;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
