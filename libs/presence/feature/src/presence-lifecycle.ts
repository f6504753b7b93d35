import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { presenceRepository } from '@tidings/presence/data-access';
import type { DeadlineTimers, PresenceSubscriptions } from '@tidings/presence/domain';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { PresenceConnections } from './presence-connections';
import { PRESENCE_OPTIONS, type PresenceOptions } from './presence-ports';
import { HolderLeases } from './remote/holder-leases';
import { PRESENCE_SUBSCRIPTIONS, PRESENCE_TIMERS } from './tokens';

const SUBSCRIPTION_SWEEP_MS = 60_000;
/** Dead holders are looked for this often unless configured (PRESENCE_LEASE_MS / 3). */
export const DEFAULT_HOLDER_SWEEP_MS = 10_000;

/**
 * Restart behaviour (docs/presence.md): presence is stored, so at boot it only has to
 * (1) sweep the connections of the previous run — their sockets died with it — which sends
 * those users offline with one event each, and (2) re-arm the timers of DNDs and custom
 * statuses still running, expiring at once those that ran out while it was down. Gateway
 * processes elsewhere keep their connections through a restart: their leases are extended by
 * one lease first, and from then on a holder whose lease runs out is swept as it happens.
 */
@Injectable()
export class PresenceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private sweeper: NodeJS.Timeout | undefined;
  private holderSweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<unknown> | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly connections: PresenceConnections,
    @Inject(PRESENCE_TIMERS) private readonly timers: DeadlineTimers,
    @Inject(PRESENCE_SUBSCRIPTIONS) private readonly subscriptions: PresenceSubscriptions,
    private readonly leases: HolderLeases,
    @Inject(PRESENCE_OPTIONS) private readonly options: PresenceOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.leases.extendAll();
    const swept = await this.leases.sweep();
    if (swept > 0)
      this.logger.log(`${swept} user(s) offline: their connections ended with the previous run`);
    this.holderSweeper = setInterval(() => {
      // One sweep at a time: a slow database skips ticks rather than stacking them up.
      if (this.sweeping) return;
      this.sweeping = this.sweepDeadHolders().finally(() => (this.sweeping = undefined));
    }, this.options.holderSweepMs ?? DEFAULT_HOLDER_SWEEP_MS);
    this.holderSweeper.unref();
    for (const { userId, at } of await presenceRepository(this.dataSource).deadlines()) {
      this.timers.set(userId, at);
    }
    this.sweeper = setInterval(() => this.subscriptions.sweep(Date.now()), SUBSCRIPTION_SWEEP_MS);
    this.sweeper.unref();
  }

  /** After the gateway closed its sockets: their disconnects are written before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    clearInterval(this.holderSweeper);
    await this.sweeping;
    await this.connections.drain();
    this.timers.clear();
  }

  private async sweepDeadHolders(): Promise<void> {
    try {
      const swept = await this.leases.sweep();
      if (swept > 0)
        this.logger.log(`${swept} user(s) swept: a gateway process stopped renewing its lease`);
    } catch (error) {
      this.logger.error(`sweeping dead gateway processes failed: ${String(error)}`);
    }
  }
}
