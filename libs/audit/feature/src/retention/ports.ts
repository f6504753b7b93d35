import type { ConversationKind } from '@tidings/audit/domain';

/**
 * What the retention job asks messaging: purge the content of matching messages and answer
 * how many. Messaging owns message content, so the purge is its action (its outbox says
 * `messaging.message.purged` per message); the host binds this port (audit-wiring.ts).
 */
export interface ContentPurgePort {
  purgeContent(request: {
    policyId: string;
    conversationId?: string | null;
    conversationKind?: ConversationKind | null;
    /** Epoch ms: messages sent before it lose their content. */
    before: number;
    exceptSenders: readonly string[];
    exceptConversations: readonly string[];
  }): Promise<number>;
}
export const CONTENT_PURGE = Symbol('CONTENT_PURGE');

export interface RetentionOptions {
  /** How often the job runs on its own (RETENTION_INTERVAL_MINUTES); 0: only when asked. */
  intervalMinutes: number;
}
export const RETENTION_OPTIONS = Symbol('RETENTION_OPTIONS');

/**
 * The time retention cutoffs are computed from, swappable in tests (`use`): a test moves it
 * days ahead instead of waiting, while the rest of the host keeps the real time.
 */
export class RetentionClock {
  constructor(private source: () => number = Date.now) {}

  now(): number {
    return this.source();
  }

  use(source: () => number): void {
    this.source = source;
  }
}
