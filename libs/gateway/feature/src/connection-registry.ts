import { Injectable } from '@nestjs/common';
import { RecentRevocations } from '@tidings/gateway/domain';
import type { Connection } from './connection';

/** How long a revocation is remembered for sign-ins still in flight (far above any sign-in). */
const REVOCATION_MEMORY_MS = 5 * 60_000;
/** Tolerated clock difference between identity's host and a gateway's (distributed mode). */
const REVOCATION_CLOCK_SKEW_MS = 5_000;

/**
 * Every socket of this process, and the signed-in ones by user id — the in-memory state the
 * gateway owns (DESIGN.md §2). Revocation closes a user's sockets through it; the fan-out
 * finds the devices of an event's recipients through it.
 */
@Injectable()
export class ConnectionRegistry {
  private readonly all = new Set<Connection>();
  private readonly byUser = new Map<string, Set<Connection>>();
  /** Signed-in connections by the id events are addressed to (see GatewayPrincipal). */
  private readonly byRecipient = new Map<string, Set<Connection>>();
  private readonly revocations = new RecentRevocations(
    REVOCATION_MEMORY_MS,
    REVOCATION_CLOCK_SKEW_MS,
  );

  /** A socket that has just been upgraded (not signed in yet). */
  add(connection: Connection): void {
    this.all.add(connection);
  }

  /**
   * Files a signed-in connection under its user. Refuses (false) when the user's sessions
   * were revoked after this sign-in began: the token check may have read the user before the
   * revocation committed, and the revocation event has already gone by.
   */
  bind(connection: Connection): boolean {
    const userId = connection.principal?.userId;
    if (!userId || !this.all.has(connection)) return false;
    if (this.revocations.revokes(userId, connection.authStartedAt)) return false;
    let sockets = this.byUser.get(userId);
    if (!sockets) this.byUser.set(userId, (sockets = new Set()));
    sockets.add(connection);
    const recipientId = connection.recipientId as string;
    let addressed = this.byRecipient.get(recipientId);
    if (!addressed) this.byRecipient.set(recipientId, (addressed = new Set()));
    addressed.add(connection);
    return true;
  }

  remove(connection: Connection): void {
    this.all.delete(connection);
    const userId = connection.principal?.userId;
    if (!userId) return;
    const sockets = this.byUser.get(userId);
    sockets?.delete(connection);
    if (sockets?.size === 0) this.byUser.delete(userId);
    const recipientId = connection.recipientId as string;
    const addressed = this.byRecipient.get(recipientId);
    addressed?.delete(connection);
    if (addressed?.size === 0) this.byRecipient.delete(recipientId);
  }

  /**
   * The user's sessions were revoked at `revokedAt`: returns the connections signed in before
   * then (they must close) and remembers the revocation for sign-ins still in flight.
   */
  revoke(userId: string, revokedAt: number): Connection[] {
    this.revocations.record(userId, revokedAt);
    return this.ofUser(userId).filter((c) => this.revocations.revokes(userId, c.authStartedAt));
  }

  ofUser(userId: string): Connection[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  /** The signed-in connections events for `recipientId` go to (live fan-out, typing). */
  ofRecipient(recipientId: string): ReadonlySet<Connection> | undefined {
    return this.byRecipient.get(recipientId);
  }

  connections(): Connection[] {
    return [...this.all];
  }

  get size(): number {
    return this.all.size;
  }

  get signedIn(): number {
    let n = 0;
    for (const sockets of this.byUser.values()) n += sockets.size;
    return n;
  }
}
