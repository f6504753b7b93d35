import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { messagingStore } from '@tidings/messaging/data-access';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { CallActions } from './call.actions';

/** How often the sweep looks: a ring ends at most this long after its timeout. */
export const RING_SWEEP_INTERVAL_MS = 2_000;

/** Calls expired per pass; a longer backlog is taken by the next passes. */
const SWEEP_BATCH = 100;

/**
 * Turns rings nobody answered into `missed` (and ends the calls nobody joined). A periodic
 * sweep rather than a timer per call: it survives restarts, and with several messaging
 * replicas each one sweeps — CallActions.expire locks the call's row, so of two replicas
 * expiring the same call the second finds nothing left to do (no double end, no second
 * summary message).
 */
@Injectable()
export class RingTimeoutSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Calls');
  private timer: ReturnType<typeof setInterval> | undefined;
  private sweeping: Promise<unknown> | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CallActions) private readonly actions: CallActions,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(intervalMs = RING_SWEEP_INTERVAL_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      // One pass at a time: a slow database skips ticks rather than stacking them up.
      if (this.sweeping) return;
      this.sweeping = this.sweep()
        .catch((error: unknown) => this.logger.error(`ring timeout sweep failed: ${String(error)}`))
        .finally(() => (this.sweeping = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }

  /** Expires every call whose ring is over by `now`; answers how many changed. */
  async sweep(now = Date.now()): Promise<number> {
    let changed = 0;
    for (;;) {
      const due = await messagingStore(this.dataSource).calls.ringExpired(now, SWEEP_BATCH);
      let batch = 0;
      for (const id of due) if (await this.expireOne(id, now)) batch++;
      changed += batch;
      // A full batch that changed nothing would come back the same: leave it to the next tick.
      if (due.length < SWEEP_BATCH || batch === 0) return changed;
    }
  }

  /** One call's failure (logged) must not hold up the others behind it. */
  private async expireOne(id: string, now: number): Promise<boolean> {
    try {
      return await this.actions.expire(id, now);
    } catch (error) {
      this.logger.error(`expiring the ring of call ${id} failed: ${String(error)}`);
      return false;
    }
  }
}
