import { nextRetryDelay } from './retry-schedule';

/** What one try of a delivery came to, as the transport saw it. */
export type TryResult =
  /** An HTTP answer, whatever its status; Retry-After already read (ms, null: none). */
  | { kind: 'response'; statusCode: number; retryAfterMs: number | null }
  /** A /connect connector acknowledged it. */
  | { kind: 'ack' }
  /**
   * No answer (timeout, connection refused, the SSRF guard), or a connector's refusal (`nack`),
   * which may name its wait like an HTTP Retry-After (ms).
   */
  | { kind: 'error'; error: string; retryAfterMs?: number | null };

/** What becomes of the delivery (and, for 410, of its subscription). */
export interface TryOutcome {
  status: 'succeeded' | 'failed' | 'dead';
  nextAttemptAt: number | null;
  /** No try follows, and it did not succeed. */
  final: boolean;
  finalReason: 'exhausted' | 'gone' | null;
  /** The endpoint answered 410 Gone: disable the subscription, kill its other deliveries. */
  gone: boolean;
}

/**
 * Decides a try's consequence. 2xx (or an ack) succeeds; 410 Gone means the receiver is gone
 * for good — no retry, and the subscription stops (Standard Webhooks' advice); anything else
 * is retried on the schedule, counted within the current round (`triesInRound`, this one
 * included), until the round's last try fails and the delivery is dead.
 */
export function outcomeOfTry(
  result: TryResult,
  triesInRound: number,
  now: number,
  random: () => number = Math.random,
): TryOutcome {
  if (result.kind === 'ack' || (result.kind === 'response' && isSuccess(result.statusCode)))
    return {
      status: 'succeeded',
      nextAttemptAt: null,
      final: false,
      finalReason: null,
      gone: false,
    };
  if (result.kind === 'response' && result.statusCode === 410)
    return { status: 'dead', nextAttemptAt: null, final: true, finalReason: 'gone', gone: true };
  const retryAfter = result.retryAfterMs ?? null;
  const wait = nextRetryDelay(triesInRound, retryAfter, random);
  if (wait === null)
    return {
      status: 'dead',
      nextAttemptAt: null,
      final: true,
      finalReason: 'exhausted',
      gone: false,
    };
  return {
    status: 'failed',
    nextAttemptAt: now + wait,
    final: false,
    finalReason: null,
    gone: false,
  };
}

export const isSuccess = (status: number) => status >= 200 && status < 300;
