import type { Actor } from '@tidings/contracts';

/** The event as the bus carried it, the parts a delivery shows. */
export interface DeliverableEvent {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  actor: Actor;
  data: unknown;
}

/**
 * What a receiver gets (Standard Webhooks' payload shape): the event's type, when it happened
 * and its data, plus the envelope's facts under `event` — its id is the receiver's dedupe key
 * across subscriptions, `webhook-id` the one per subscription. Fixed when the delivery is made,
 * so every try sends the same bytes.
 */
export function deliveredBody(event: DeliverableEvent) {
  return {
    type: event.type,
    timestamp: event.occurredAt,
    data: event.data,
    event: {
      id: event.id,
      type: event.type,
      version: event.version,
      occurredAt: event.occurredAt,
      actor: event.actor,
    },
  };
}
export type DeliveredBody = ReturnType<typeof deliveredBody>;
