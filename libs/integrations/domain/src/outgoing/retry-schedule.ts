/**
 * When an outgoing delivery is tried (docs/integrations-outgoing.md, _Retries_): at once, then
 * after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 24 h — eight tries over about 42 hours, the
 * schedule Standard Webhooks' reference implementation uses. Entry n is the wait before try
 * n + 1, counted from the try before it.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  24 * 3_600_000,
];

/** Tries in all; after the last failed one the delivery is dead. */
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length;

/**
 * Each wait is stretched or shrunk by up to this share at random, so the deliveries that failed
 * together during a receiver's outage do not all come back in the same second.
 */
export const JITTER = 0.1;

/** The longest a receiver's Retry-After can hold a delivery back. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * How long to wait after failed try `attemptsMade` (1-based) before the next one, or null
 * when that was the last. A receiver's Retry-After is honoured — never retried sooner than it
 * asked, up to 24 h — but never makes the wait shorter than the schedule's.
 */
export function nextRetryDelay(
  attemptsMade: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  if (attemptsMade >= MAX_ATTEMPTS) return null;
  const base = RETRY_SCHEDULE_MS[attemptsMade] ?? 0;
  const jittered = Math.round(base * (1 + (random() * 2 - 1) * JITTER));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/**
 * A Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP date, as milliseconds from
 * `now`; null when absent or unreadable; a date in the past is 0. Capped at 24 h.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // Only the date formats HTTP allows (IMF-fixdate and the obsolete two), not any string.
  if (!/^[A-Za-z]{3},? /.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}
