/**
 * Revocations the gateway saw recently, so a connection whose sign-in was already in flight
 * when the revocation arrived is still closed: its token was checked against the database
 * *before* identity committed the revocation, but it joins the registry *after* the event
 * was handled. Comparing the sign-in's start with the revocation's time closes that gap.
 */
export class RecentRevocations {
  private readonly at = new Map<string, number>();

  constructor(
    /** How long a revocation is remembered; longer than any sign-in can take. */
    private readonly keepMs: number,
    /** Tolerated clock difference between identity's host and ours (distributed mode). */
    private readonly skewMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  record(userId: string, revokedAt: number): void {
    this.prune();
    this.at.set(userId, Math.max(revokedAt, this.at.get(userId) ?? 0));
  }

  /**
   * Whether a sign-in that started at `authStartedAt` may have read the user's state from
   * before the revocation — then the connection must go. The skew tolerance errs on the side
   * of closing: a user who signs in again within `skewMs` of being revoked reconnects once.
   */
  revokes(userId: string, authStartedAt: number): boolean {
    const revokedAt = this.at.get(userId);
    return revokedAt !== undefined && authStartedAt <= revokedAt + this.skewMs;
  }

  private prune(): void {
    const horizon = this.now() - this.keepMs;
    for (const [userId, at] of this.at) if (at < horizon) this.at.delete(userId);
  }
}
