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
import { PresenceActions } from './presence.actions';
import { PresenceConnections } from './presence-connections';
import { PRESENCE_SUBSCRIPTIONS, PRESENCE_TIMERS } from './tokens';

const SUBSCRIPTION_SWEEP_MS = 60_000;

/**
 * Restart behaviour (docs/presence.md): presence is stored, so at boot it only has to
 * (1) sweep the connections of the previous run — their sockets died with it — which sends
 * those users offline with one event each, and (2) re-arm the timers of DNDs and custom
 * statuses still running, expiring at once those that ran out while it was down.
 */
@Injectable()
export class PresenceLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly actions: PresenceActions,
    private readonly connections: PresenceConnections,
    @Inject(PRESENCE_TIMERS) private readonly timers: DeadlineTimers,
    @Inject(PRESENCE_SUBSCRIPTIONS) private readonly subscriptions: PresenceSubscriptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const swept = await this.actions.sweepHeldElsewhere();
    if (swept > 0)
      this.logger.log(`${swept} user(s) offline: their connections ended with the previous run`);
    for (const { userId, at } of await presenceRepository(this.dataSource).deadlines()) {
      this.timers.set(userId, at);
    }
    this.sweeper = setInterval(() => this.subscriptions.sweep(Date.now()), SUBSCRIPTION_SWEEP_MS);
    this.sweeper.unref();
  }

  /** After the gateway closed its sockets: their disconnects are written before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await this.connections.drain();
    this.timers.clear();
  }
}
