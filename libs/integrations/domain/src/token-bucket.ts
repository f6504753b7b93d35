/** Requests per second a webhook may sustain, and how many it may send at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}

export const DEFAULT_WEBHOOK_RATE: RateLimit = { perSecond: 20, burst: 40 };

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * One token bucket per key (a webhook id), in memory: a burst of `burst` at once, then
 * `perSecond` sustained. Per process — a webhook posted to through several processes gets the
 * sum of their rates (docs/integrations.md). Idle full buckets are dropped so the map stays
 * as large as the set of busy webhooks.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit = DEFAULT_WEBHOOK_RATE,
    private readonly now: () => number = Date.now,
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1))
      throw new Error('a rate limit needs perSecond > 0 and burst >= 1');
  }

  take(key: string): Take {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    const refilled = Math.min(
      this.limit.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond,
    );
    if (refilled >= 1) {
      this.buckets.set(key, { tokens: refilled - 1, at: now });
      this.sweep(now);
      return { ok: true };
    }
    this.buckets.set(key, { tokens: refilled, at: now });
    // Whole seconds until one token is back (Retry-After takes seconds; never 0).
    const wait = Math.max(1, Math.ceil((1 - refilled) / this.limit.perSecond));
    return { ok: false, retryAfterSeconds: wait };
  }

  /** Buckets that have refilled completely are the same as absent ones. */
  private sweep(now: number): void {
    if (this.buckets.size < 1000) return;
    const full = (this.limit.burst / this.limit.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.at > full) this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }
}
