import type { EventEnvelope } from '@tidings/contracts';

/**
 * When the event happened at its producer, in epoch ms — what orders a person's
 * deactivations and reactivations, whichever consumer sees which first. An envelope without
 * a readable time is a producer bug: throwing sends it through retries to the dead letters
 * rather than guessing an order.
 */
export function occurredAtOf(event: EventEnvelope): number {
  const at = Date.parse(event.occurredAt);
  if (Number.isNaN(at)) throw new Error(`event ${event.id} has no valid occurredAt`);
  return at;
}
