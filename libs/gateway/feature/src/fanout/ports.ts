import type { AppendedDelivery } from '@tidings/gateway/data-access';
import type { FanoutSettings, UserEvent } from '@tidings/gateway/domain';
import type { Tx } from '@tidings/platform/bus';

/**
 * Who is in a conversation, asked of messaging. The gateway may not read messaging's tables
 * (DESIGN.md §2), so the host binds this port to a messaging query.
 */
export interface ConversationAudience {
  /** The conversation's active members (messaging's ids); none for an unknown conversation. */
  membersOf(conversationId: string): Promise<readonly string[]>;
}
export const CONVERSATION_AUDIENCE = Symbol('tidings.gateway.ConversationAudience');

/** What the gateway needs to know of a call to relay its signals (docs/calls.md). */
export interface CallFacts {
  conversationId: string;
  /** `ringing`, `active` or `ended`. */
  state: string;
  /** Its participants whose status is `joined` (messaging's ids). */
  joined: readonly string[];
}

/**
 * A call's state and joined participants, asked of messaging (which owns calls and whose
 * tables the gateway may not read): the host binds this port to a messaging query in-process,
 * or to messaging's internal route over HTTP.
 */
export interface CallParticipants {
  /** undefined for an unknown call. */
  callOf(callId: string): Promise<CallFacts | undefined>;
}
export const CALL_PARTICIPANTS = Symbol('tidings.gateway.CallParticipants');

/**
 * This process's sockets: where fanned-out events end up. The delivery route feeds it — at
 * once after commit (direct), or from the `gateway` topic in each process (bus).
 */
export interface DeliverySink {
  /** Stored events, each with its recipient's seq, in seq order per recipient. */
  deliver(events: readonly UserEvent[]): void;
  /** An ephemeral frame (typing, call.signal), already serialized, for these recipients' devices. */
  broadcast(recipientIds: readonly string[], text: string, except?: string): void;
}
export const DELIVERY_SINK = Symbol('tidings.gateway.DeliverySink');

export const DELIVERY_STORE = Symbol('tidings.gateway.DeliveryStore');
export const FANOUT_SETTINGS = Symbol('tidings.gateway.FanoutSettings');
export type { FanoutSettings };

/** The fan-out's consumer group: ONE group for all gateway processes (each event stored once). */
export const DEFAULT_FANOUT_GROUP = 'gateway.fanout';

/**
 * How stored events and ephemeral frames travel from the process that fanned them out to the
 * processes holding the recipients' sockets. `direct`: one process, the local sink at once.
 * `bus`: a record through the `gateway` outbox, committed with the events, which every gateway
 * process reads in its own consumer group (DeliveryConsumer) and hands to its local sink.
 * The mode is configuration (WS_DELIVERY); the fan-out itself does the same either way.
 */
export interface DeliveryRoute {
  /** Inside the fan-out's transaction, with what it stored. */
  withinTransaction(tx: Tx, appended: readonly AppendedDelivery[]): void;
  /** After that transaction committed. */
  afterCommit(appended: readonly AppendedDelivery[]): void;
  /** An ephemeral frame (typing, call.signal), already serialized, for these recipients' devices. */
  ephemeral(recipientIds: readonly string[], text: string, except?: string): Promise<void>;
}
export const DELIVERY_ROUTE = Symbol('tidings.gateway.DeliveryRoute');

export type DeliveryMode = 'direct' | 'bus';
