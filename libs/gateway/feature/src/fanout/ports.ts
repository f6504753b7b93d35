import type { FanoutSettings, UserEvent } from '@tidings/gateway/domain';

/**
 * Who is in a conversation, asked of messaging. The gateway may not read messaging's tables
 * (DESIGN.md §2), so the host binds this port to a messaging query.
 */
export interface ConversationAudience {
  /** The conversation's active members (messaging's ids); none for an unknown conversation. */
  membersOf(conversationId: string): Promise<readonly string[]>;
}
export const CONVERSATION_AUDIENCE = Symbol('tidings.gateway.ConversationAudience');

/**
 * Where fanned-out events go once stored. Embedded mode calls the local connection registry
 * in-process; in distributed mode each gateway would consume a delivery topic in its own
 * consumer group and feed this same port with what it reads.
 */
export interface DeliverySink {
  /** Stored events, each with its recipient's seq, in seq order per recipient. */
  deliver(events: readonly UserEvent[]): void;
  /** An ephemeral frame (typing), already serialized, for these recipients' devices. */
  broadcast(recipientIds: readonly string[], text: string, except?: string): void;
}
export const DELIVERY_SINK = Symbol('tidings.gateway.DeliverySink');

export const DELIVERY_STORE = Symbol('tidings.gateway.DeliveryStore');
export const FANOUT_SETTINGS = Symbol('tidings.gateway.FanoutSettings');
export type { FanoutSettings };

/** The fan-out's consumer group: ONE group for all gateway processes (each event stored once). */
export const DEFAULT_FANOUT_GROUP = 'gateway.fanout';
