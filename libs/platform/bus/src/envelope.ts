import { uuidv7 } from './ids';
import { ValidationError } from '@tidings/platform/errors';
import type { Actor, EventContract, EventData, EventEnvelope } from '@tidings/contracts';

export interface NewEvent<C extends EventContract> {
  key: string;
  actor: Actor;
  data: EventData<C>;
  traceparent?: string;
}

let lastOccurredMs = 0;

/**
 * Now, in ms — but strictly after the previous event this process made. Consumers order some
 * changes by event time (identity settles a person's deactivation and reactivation by it), and
 * two events of one producer in the same millisecond would tie, the second then taken for a
 * duplicate. A burst runs at most a few ms ahead of the wall clock and falls back in step when
 * it pauses.
 */
function occurredNow(): number {
  const now = Date.now();
  lastOccurredMs = now > lastOccurredMs ? now : lastOccurredMs + 1;
  return lastOccurredMs;
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
    occurredAt: new Date(occurredNow()).toISOString(),
    actor: event.actor,
    source,
    data: parsed.data as EventData<C>,
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
  };
}
