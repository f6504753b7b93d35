import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { DeliveryStore } from '@tidings/gateway/data-access';
import type { FanoutSettings } from '@tidings/gateway/domain';
import { DELIVERY_STORE, FANOUT_SETTINGS } from './ports';

/** Keeps the delivery store to the retention window: every `pruneIntervalMs`, drops the rest. */
@Injectable()
export class DeliveryPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('GatewayRetention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(DELIVERY_STORE) private readonly store: DeliveryStore,
    @Inject(FANOUT_SETTINGS) private readonly settings: FanoutSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // One run at a time: a slow prune on a large store must not pile up behind itself.
      this.running ??= this.prune()
        .catch((error) => this.logger.warn(`pruning failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.settings.pruneIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async prune(now = Date.now()): Promise<void> {
    const result = await this.store.prune({
      before: now - this.settings.retentionMs,
      keepPerUser: this.settings.maxEventsPerUser,
    });
    if (result.userEvents > 0) {
      this.logger.debug?.(`pruned ${result.userEvents} user events, ${result.events} payloads`);
    }
  }
}
