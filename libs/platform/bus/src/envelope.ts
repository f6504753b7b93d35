import { uuidv7 } from './ids';
import { ValidationError } from '@tidings/platform/errors';
import type { Actor, EventContract, EventData, EventEnvelope } from '@tidings/contracts';

export interface NewEvent<C extends EventContract> {
  key: string;
  actor: Actor;
  data: EventData<C>;
  traceparent?: string;
}

/**
 * Builds the envelope of a new event, checking its data against the contract first: an event
 * that breaks its schema is a bug in the producer and must fail its transaction, not reach
 * consumers.
 */
export function createEnvelope<C extends EventContract>(
  contract: C,
  source: string,
  event: NewEvent<C>,
): EventEnvelope<EventData<C>> {
  const parsed = contract.schema.safeParse(event.data);
  if (!parsed.success) {
    throw new ValidationError(
      `event ${contract.type} v${contract.version} does not match its contract`,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      'bus.event.invalid',
    );
  }
  return {
    id: uuidv7(),
    type: contract.type,
    version: contract.version,
    key: event.key,
    occurredAt: new Date().toISOString(),
    actor: event.actor,
    source,
    data: parsed.data as EventData<C>,
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
  };
}
