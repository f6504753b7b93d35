/**
 * The rate limit on client frames: a bucket of `burst` tokens that refills at `perSecond`.
 * A frame takes one token; a frame that finds the bucket empty is over the limit. Bursts (a
 * reconnect replaying a few actions, fast typing) pass; a sustained flood does not.
 * One bucket per connection: one noisy client never slows another down.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(perSecond > 0) || !(burst >= 1)) throw new RangeError('perSecond > 0 and burst ≥ 1');
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token if there is one; false means the frame is over the limit. */
  take(): boolean {
    const now = this.now();
    // A clock that went backwards (it should not: performance.now is monotonic) refills nothing.
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.perSecond);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
