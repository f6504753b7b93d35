import { messagePurgedV1, type Actor } from '@tidings/contracts';
import { retentionPurge, type PurgeCursor } from '@tidings/messaging/data-access';
import { CONVERSATION_KINDS, type ConversationKind } from '@tidings/messaging/domain';
import type { TransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';

/** What the audit service's retention job asks messaging to purge (docs/compliance.md). */
export interface PurgeRequest {
  /** The retention policy this purge applies (carried on every `messaging.message.purged`). */
  policyId: string;
  /** Only this conversation (a per-conversation policy). */
  conversationId?: string | null;
  /** Only conversations of this kind (a policy by kind). */
  conversationKind?: ConversationKind | null;
  /** Messages sent strictly before this time (epoch ms) lose their content. */
  before: number;
  /** Senders under legal hold: their messages stay. */
  exceptSenders: readonly string[];
  /** Conversations under legal hold, or with a policy of their own: nothing in them is purged. */
  exceptConversations: readonly string[];
}

/** Messages purged per transaction: other writers get their turn between batches. */
export const PURGE_BATCH = 500;

/** Who the purge events name as their actor. */
export const RETENTION_ACTOR: Actor = { kind: 'system', id: 'audit.retention' };

/**
 * Retention's purge, messaging's side: the content of old messages goes, a tombstone stays.
 * Each batch is one transaction through messaging's outbox runner: the messages' content and
 * one `messaging.message.purged` per message commit together, so the audit trail and every
 * client hear of exactly what was purged. A crash between batches leaves the purged ones
 * purged and the rest for the next run: candidates are live messages only.
 */
export class ContentPurgeActions {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly now: () => number = Date.now,
    private readonly batchSize = PURGE_BATCH,
  ) {}

  /** Answers how many messages lost their content. */
  async purgeContent(request: PurgeRequest): Promise<number> {
    const criteria = checked(request);
    let after: PurgeCursor | undefined;
    let total = 0;
    for (;;) {
      const batch = await this.runner.run(async (tx) => {
        const repository = retentionPurge(tx.manager);
        const candidates = await repository.candidates(criteria, after, this.batchSize);
        if (candidates.length === 0) return { seen: 0, purged: 0, last: undefined };
        const at = this.now();
        const purged = await repository.purge(
          candidates.map((c) => c.id),
          at,
        );
        const purgedAt = new Date(at).toISOString();
        for (const message of purged)
          tx.publish(messagePurgedV1, {
            key: message.conversationId,
            actor: RETENTION_ACTOR,
            data: {
              conversationId: message.conversationId,
              messageId: message.id,
              seq: message.seq,
              purgedAt,
              reason: 'retention',
              policyId: request.policyId,
            },
          });
        const last = candidates[candidates.length - 1];
        return { seen: candidates.length, purged: purged.length, last };
      });
      total += batch.purged;
      // Walk on from the last one seen: one deleted meanwhile is skipped, not met again.
      if (batch.seen < this.batchSize || !batch.last) return total;
      after = batch.last;
    }
  }
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('messaging.purge.invalid', 'unprocessable', `${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

function checked(request: PurgeRequest) {
  if (!Number.isFinite(request.before)) throw invalid('before', 'a time (epoch ms) is needed.');
  const kind = request.conversationKind ?? null;
  if (kind !== null && !(CONVERSATION_KINDS as readonly string[]).includes(kind))
    throw invalid('conversationKind', `one of ${CONVERSATION_KINDS.join(', ')}.`);
  return {
    conversationId: request.conversationId ?? null,
    conversationKind: kind,
    before: request.before,
    exceptSenders: [...new Set(request.exceptSenders)],
    exceptConversations: [...new Set(request.exceptConversations)],
  };
}
