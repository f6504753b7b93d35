import { presenceRepository } from '@tidings/presence/data-access';
import type { PresenceSubscriptions } from '@tidings/presence/domain';
import type { DataSource } from 'typeorm';
import type { PresenceActions } from '../presence.actions';
import { subscriberOf } from '../presence-connections';

/**
 * Which gateway processes are alive, by lease (docs/presence.md, _Several gateway processes_).
 * A gateway in another process cannot tell presence it died — SIGKILL, a lost machine — so it
 * renews a lease by heartbeat instead, and presence treats a holder whose lease ran out as
 * dead: its connections are swept, their people go offline unless they have devices elsewhere,
 * and the directory subscriptions those sockets made end with them.
 *
 * Leases are stored, not kept in memory: a restarted presence must tell a gateway still running
 * (its lease row: extended by one lease, so its next heartbeat is heard) from a previous run of
 * an in-process gateway (no row: swept at once, as before leases existed).
 */
export class HolderLeases {
  constructor(
    private readonly dataSource: DataSource,
    private readonly actions: PresenceActions,
    private readonly subscriptions: PresenceSubscriptions,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A heartbeat: the holder is alive for `leaseMs` from now (now: when presence read it). */
  renew(holder: string, leaseMs: number): Promise<void> {
    return presenceRepository(this.dataSource).renewHolder(holder, leaseMs, this.clock());
  }

  /**
   * At boot: presence may have been down longer than a lease while gateways kept renewing
   * into the bus — give each leased holder one whole lease to be heard from again.
   */
  extendAll(): Promise<void> {
    return presenceRepository(this.dataSource).extendHolders(this.clock());
  }

  /** Forgets expired holders, sweeps every dead holder's connections; answers the users swept. */
  async sweep(): Promise<number> {
    await presenceRepository(this.dataSource).dropExpiredHolders(this.clock());
    const swept = await this.actions.sweepDeadHolders();
    for (const connection of swept) this.subscriptions.drop(subscriberOf(connection.connectionId));
    return new Set(swept.map((c) => c.userId)).size;
  }
}
