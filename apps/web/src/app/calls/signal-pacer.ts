/**
 * Spaces out the `call.signal` frames of a call so they stay within the gateway's per-socket
 * rate limit (WS_RATE_LIMIT_PER_SECOND 10, burst 30 by default): a socket over it is closed
 * with 4429, which would drop the chat too. A joiner of a 4-person mesh sends three offers and
 * a handful of ICE candidates per peer in about a second — near the burst on its own — so
 * signals take at most `burst` at once and `perSecond` after that, in order, leaving the rest
 * of the limit to typing, pings and presence. Trickle ICE connects on the first candidates;
 * later ones arriving a second late cost nothing.
 */
export class SignalPacer {
  private tokens: number;
  private last: number;
  private readonly queue: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly perSecond = 5,
    private readonly burst = 12,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Runs `send` now if there is room, else after the frames queued before it. */
  push(send: () => void): void {
    this.queue.push(send);
    this.drain();
  }

  /** Drops what has not been sent (the call ended: its signals mean nothing any more). */
  clear(): void {
    this.queue.length = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Frames waiting for room. */
  get pending(): number {
    return this.queue.length;
  }

  private drain(): void {
    this.refill();
    while (this.tokens >= 1) {
      const send = this.queue.shift();
      if (!send) break;
      this.tokens -= 1;
      send();
    }
    if (this.queue.length > 0 && this.timer === undefined) {
      const waitMs = Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.drain();
      }, waitMs);
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}
