import type { Delivery } from './integrations-api';

/** Not sooner: a retry due now is being attempted; the log shows it after this much. */
const MIN_MS = 1_000;
/** Not later: a long wait (a retry hours away) is checked again after this much. */
const MAX_MS = 60_000;
/** An attempt in flight (pending, no next time): its outcome shows about this soon. */
const IN_FLIGHT_MS = 3_000;

/**
 * When the open delivery log should reload by itself: a second after the soonest retry of a
 * shown delivery is due (bounded), soon for one in flight, never when all are settled —
 * succeeded and dead deliveries do not change unless replayed, and a replay reloads anyway.
 */
export function nextRefreshIn(
  deliveries: ReadonlyArray<Pick<Delivery, 'status' | 'nextAttemptAt'>>,
  now: number,
): number | null {
  let wait: number | null = null;
  for (const delivery of deliveries) {
    if (delivery.status !== 'pending' && delivery.status !== 'failed') continue;
    const due = delivery.nextAttemptAt ? Date.parse(delivery.nextAttemptAt) : Number.NaN;
    const until = Number.isNaN(due) ? IN_FLIGHT_MS : due - now + MIN_MS;
    wait = wait === null ? until : Math.min(wait, until);
  }
  return wait === null ? null : Math.min(MAX_MS, Math.max(MIN_MS, wait));
}
