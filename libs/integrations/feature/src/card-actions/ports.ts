import type { Card, EventEnvelope } from '@tidings/contracts';
import type { PrincipalRef } from '../ports';

/** A message's card as the person clicking may see it (messaging answers). */
export interface ClickedCard {
  conversationId: string;
  /** The bot, integration account or webhook that posted it: whose integration answers. */
  senderId: string;
  card: Card | null;
  cardVersion: number;
  reader: {
    id: string;
    member: boolean;
    username: string | null;
    displayName: string | null;
  };
}

/**
 * What the card-action route asks messaging — it may not read messaging's tables. The host
 * binds it to messaging's IntegrationCards in the same process.
 */
export interface IntegrationsCards {
  /** Null: no such message, or the reader may not read its conversation. */
  cardOf(messageId: string, reader: PrincipalRef): Promise<ClickedCard | null>;
  /** Replaces the card as its sender; answers the new version. */
  updateAsSender(
    senderId: string,
    messageId: string,
    card: Card,
  ): Promise<{ card: Card; cardVersion: number }>;
}

/** What one subscription's receiver answered when the click was delivered at once. */
export interface ImmediateAnswer {
  /** HTTP status (null: the socket or the network gave none). */
  status: number | null;
  /** The answer's body, parsed as JSON when it was JSON (undefined otherwise). */
  json: unknown;
}

/**
 * Delivery of a click to the card sender's subscriptions, bound by the host to the outgoing
 * delivery engine: HTTP receivers are tried at once (their answers come back), socket ones
 * queued; whatever failed is retried on the usual schedule.
 */
export interface CardActionDelivery {
  deliverNow(event: EventEnvelope): Promise<{ queued: number; answers: ImmediateAnswer[] }>;
}

export const INTEGRATIONS_CARDS = Symbol('tidings.IntegrationsCards');
export const CARD_ACTION_DELIVERY = Symbol('tidings.CardActionDelivery');
