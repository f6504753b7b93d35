import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  SqlDeliveriesRepository,
  WebhooksRepository,
  type DeliveriesRepository,
} from '@tidings/integrations/data-access';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { DeliveryClock } from './ports';

const DAY_MS = 86_400_000;
/** Rows deleted per statement (and transaction): SQLite's one writer is never held for long. */
const BATCH = 500;

/** How long integrations keeps what it logged (docs/integrations-outgoing.md, _Retention_). */
export interface RetentionOptions {
  /**
   * A delivery that succeeded or died is deleted with its tries this many days after it
   * finished (INTEGRATIONS_DELIVERY_RETENTION_DAYS); 0 keeps them. Unfinished ones are kept.
   */
  deliveryRetentionDays: number;
  /**
   * An incoming webhook's accepted request — its idempotency key, and what the status route
   * reads — is deleted this many days after it was accepted
   * (INTEGRATIONS_IDEMPOTENCY_RETENTION_DAYS); 0 keeps them.
   */
  idempotencyRetentionDays: number;
  /** How often pruning runs (0: only when `prune` is called — tests). */
  pruneIntervalMs: number;
}

export const DEFAULT_RETENTION_OPTIONS: RetentionOptions = {
  deliveryRetentionDays: 30,
  idempotencyRetentionDays: 7,
  pruneIntervalMs: 3_600_000,
};

export const RETENTION_OPTIONS = Symbol('tidings.IntegrationsRetentionOptions');

/** What one pruning run deleted. */
export interface PruneResult {
  deliveries: number;
  requests: number;
}

/**
 * Keeps the delivery log and incoming webhooks' idempotency rows to their retention: once at
 * boot (a process restarted more often than hourly still prunes), then every
 * `pruneIntervalMs`. Ages are measured by the delivery clock (the system clock in production;
 * finished deliveries are stamped with it), so a test moves it or passes `now` instead of
 * waiting days. Runs never
 * overlap, and each deletes in small batches, so a first run over months of rows does not hold
 * the database.
 */
@Injectable()
export class IntegrationsPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('IntegrationsRetention');
  private readonly deliveries: DeliveriesRepository;
  private readonly webhooks: WebhooksRepository;
  private timer: NodeJS.Timeout | undefined;
  /** The run in progress (or the last one): the next waits for it. */
  private last: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    private readonly clock: DeliveryClock,
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
  ) {
    this.deliveries = new SqlDeliveriesRepository(dataSource);
    this.webhooks = new WebhooksRepository(dataSource);
  }

  onApplicationBootstrap(): void {
    if (this.options.pruneIntervalMs <= 0) return;
    const run = () =>
      void this.prune().catch((error: unknown) =>
        this.logger.warn(`pruning failed: ${error instanceof Error ? error.message : error}`),
      );
    this.timer = setInterval(run, this.options.pruneIntervalMs);
    this.timer.unref();
    run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true; // a run stops between batches; the rest waits for the next start
    clearInterval(this.timer);
    await this.last.catch(() => undefined);
  }

  /** One run at `now` (default: the delivery clock's now); resolves with what it deleted. */
  prune(now: number = this.clock.now()): Promise<PruneResult> {
    const run = this.last.catch(() => undefined).then(() => this.pruneAt(now));
    this.last = run;
    return run;
  }

  private async pruneAt(now: number): Promise<PruneResult> {
    const { deliveryRetentionDays: deliveryDays, idempotencyRetentionDays: requestDays } =
      this.options;
    const result: PruneResult = {
      deliveries:
        deliveryDays > 0
          ? await this.drain((limit) =>
              this.deliveries.pruneFinished(now - deliveryDays * DAY_MS, limit),
            )
          : 0,
      requests:
        requestDays > 0
          ? await this.drain((limit) =>
              this.webhooks.pruneRequests(now - requestDays * DAY_MS, limit),
            )
          : 0,
    };
    if (result.deliveries > 0 || result.requests > 0)
      this.logger.log(
        `pruned ${result.deliveries} deliveries and ${result.requests} webhook requests`,
      );
    return result;
  }

  /** Deletes batch after batch until one comes back short (or the process is stopping). */
  private async drain(batch: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await batch(BATCH);
      total += deleted;
      if (deleted < BATCH || this.stopped) return total;
    }
  }
}
