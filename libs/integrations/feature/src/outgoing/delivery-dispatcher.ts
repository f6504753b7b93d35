import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventEnvelope } from '@tidings/contracts';
import {
  SqlDeliveriesRepository,
  type DeliveriesRepository,
  type DeliveryRecord,
  type SubscriptionRecord,
} from '@tidings/integrations/data-access';
import { BusRuntime, type TransactionRunner } from '@tidings/platform/bus';
import { ConflictError, NotFoundError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { AttemptRunner, type AttemptReport } from './attempt-runner';
import { DeliveryEnqueuer } from './delivery-enqueuer';
import { DeliveryTransports } from './delivery-transport';
import { HttpDeliveryTransport } from './http-transport';
import { DeliveryClock, OUTGOING_OPTIONS, type OutgoingOptions } from './ports';
import { SubscriptionsService } from './subscriptions.service';

/** Due deliveries read per query. */
const BATCH = 100;

/** What one immediate delivery of `deliverNow` came to (the card-action route reads `status`, `json`). */
export interface ImmediateDelivery {
  subscriptionId: string;
  deliveryId: string;
  /** The receiver's HTTP status; null when it gave none. */
  status: number | null;
  /** The answer parsed as JSON, when it was JSON. */
  json: unknown;
  error: string | null;
  outcome: DeliveryRecord['status'];
}

/**
 * Tries deliveries (docs/integrations-outgoing.md): whatever is due now by the delivery clock —
 * at once after they are made, then on the retry schedule — through the transport of their
 * subscription's mode. `runDue()` does one pass and resolves when every try it (or a pass
 * running beside it) started has been recorded; in production a timer calls it every
 * `pollIntervalMs` and new deliveries wake it. Of an ordered subscription only its oldest
 * unfinished delivery is due: the next waits until that one succeeded or died.
 *
 * At most `concurrency` HTTP tries run at once: each holds a connection and up to the try
 * timeout. Socket tries do not count: one waits for its connector's ack (up to the ack
 * timeout) doing nothing here, and the socket transport has its own window per bot — counted
 * here, a few slow connectors would hold every HTTP delivery back.
 */
@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliveryDispatcher');
  private readonly repo: DeliveriesRepository;
  private readonly runner: TransactionRunner;
  private readonly attempts: AttemptRunner;
  private readonly http: HttpDeliveryTransport;
  private readonly inFlight = new Map<string, Promise<AttemptReport | null>>();
  /** The HTTP tries among them: what `concurrency` caps. */
  private readonly httpInFlight = new Map<string, Promise<AttemptReport | null>>();
  private timer: NodeJS.Timeout | undefined;
  private woken = false;
  /** A background pass is running; `lookAgain`: something was woken meanwhile. */
  private passRunning = false;
  private lookAgain = false;
  /** Who waits for the next change (a try ended, a wake). */
  private waiters: Array<() => void> = [];
  private stopped = false;
  /** The pass a wake started, awaited at shutdown. */
  private pass: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    bus: BusRuntime,
    private readonly subscriptions: SubscriptionsService,
    private readonly enqueuer: DeliveryEnqueuer,
    private readonly transports: DeliveryTransports,
    private readonly clock: DeliveryClock,
    @Inject(OUTGOING_OPTIONS) private readonly options: OutgoingOptions,
  ) {
    this.repo = new SqlDeliveriesRepository(dataSource);
    this.runner = bus.runnerFor('integrations');
    this.attempts = new AttemptRunner(
      this.repo,
      this.runner,
      subscriptions,
      transports,
      clock,
      options,
    );
    this.http = new HttpDeliveryTransport(options);
    transports.register('http', this.http);
  }

  /** Jitter's source (tests pin it). */
  set random(random: () => number) {
    this.attempts.random = random;
  }

  onApplicationBootstrap(): void {
    if (this.options.pollIntervalMs > 0)
      this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs);
    this.wake(); // what was due while the process was down
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.changed(); // a pass waiting for a slot sees `stopped` and ends
    await this.pass;
    await Promise.allSettled([...this.inFlight.values()]);
    this.http.close();
  }

  /**
   * Asks for a pass soon: new deliveries, a connector that just connected, the timer. One
   * background pass at a time — while it runs, a wake only tells it to look again (a pass per
   * wake would have thousands of passes racing for the same few slots under load).
   */
  wake(): void {
    if (this.stopped) return;
    this.changed();
    if (this.passRunning) {
      this.lookAgain = true;
      return;
    }
    if (this.woken) return;
    this.woken = true;
    setImmediate(() => {
      this.woken = false;
      if (this.stopped || this.passRunning) return;
      this.pass = this.backgroundPass();
    });
  }

  private async backgroundPass(): Promise<void> {
    this.passRunning = true;
    try {
      do {
        this.lookAgain = false;
        await this.runDue();
      } while (this.lookAgain && !this.stopped);
    } catch (error) {
      this.logger.warn(
        `delivery pass failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.passRunning = false;
    }
  }

  /** Resolves at the next change: a try finished, or a wake. */
  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private changed(): void {
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Tries everything due now; resolves with the tries this pass made, once all are recorded. */
  async runDue(): Promise<AttemptReport[]> {
    const reports: AttemptReport[] = [];
    // Left due without a try (another process holds it, no connector): not asked for again.
    const passed = new Set<string>();
    for (;;) {
      if (this.stopped) return reports; // shutting down: what is left waits for the next start
      const skip = [...this.inFlight.keys(), ...passed];
      const due = await this.repo.due(this.clock.now(), this.transports.modes(), BATCH, skip);
      if (due.length === 0) {
        if (this.inFlight.size === 0) return reports;
        // Wait for a try in flight (this pass's or another's) to end, or for new deliveries,
        // then look again: a success may have made an ordered subscription's next one due.
        await this.nextChange();
        continue;
      }
      for (const delivery of due) {
        if (delivery.mode === 'http')
          while (this.httpInFlight.size >= this.options.concurrency) await this.nextChange();
        if (this.inFlight.has(delivery.id)) continue;
        this.start(delivery, delivery.mode).then(
          (report) => (report ? reports.push(report) : passed.add(delivery.id)),
          () => passed.add(delivery.id),
        );
      }
    }
  }

  /**
   * For the card-action route: makes the event's deliveries and tries the HTTP ones at once,
   * answering each receiver's status and JSON; socket ones (and those an ordered subscription
   * holds back) are left to the dispatcher — `queued` counts them.
   */
  async deliverNow(
    event: EventEnvelope,
  ): Promise<{ queued: number; answers: ImmediateDelivery[] }> {
    const made = await this.enqueuer.enqueue(event);
    const results = await Promise.all(
      made.map(({ delivery, subscription }) =>
        // A try that could not even be recorded is left to the dispatcher, not thrown at the click.
        this.tryAtOnce(delivery, subscription).catch((error: unknown) => {
          this.logger.warn(`immediate delivery ${delivery.id} failed: ${String(error)}`);
          return null;
        }),
      ),
    );
    const answers = results.filter((r): r is ImmediateDelivery => r !== null);
    if (answers.length < made.length) this.wake();
    return { queued: made.length - answers.length, answers };
  }

  /** A delivery tried again now — same `webhook-id`, a new try, a new round of the schedule. */
  async replay(id: string): Promise<DeliveryRecord> {
    const delivery = await this.repo.find(id);
    if (!delivery) throw new NotFoundError('integrations.delivery.not_found', 'No such delivery.');
    const subscription = await this.subscriptions.get(delivery.subscriptionId);
    if (subscription.status !== 'active')
      throw new ConflictError(
        'integrations.subscription.disabled',
        'The subscription is disabled; enable it (PATCH enabled: true) before replaying.',
      );
    const now = this.clock.now();
    await this.runner.run((tx) => new SqlDeliveriesRepository(tx.manager).replay(id, now));
    this.wake();
    return {
      ...delivery,
      status: 'pending',
      nextAttemptAt: now,
      roundStart: delivery.attempts,
      finishedAt: null,
    };
  }

  private async tryAtOnce(
    delivery: DeliveryRecord,
    subscription: SubscriptionRecord,
  ): Promise<ImmediateDelivery | null> {
    if (subscription.mode !== 'http' || (await this.repo.waitsForEarlier(delivery))) return null;
    // A try already running here (the consumer's) is joined; a finished one is read back.
    let report =
      delivery.status === 'succeeded'
        ? await this.attempts.lastReport(delivery)
        : await this.start(delivery, subscription.mode, subscription);
    if (report === null) {
      const now = await this.repo.find(delivery.id);
      if (now && now.status !== 'pending' && now.attempts > delivery.attempts)
        report = await this.attempts.lastReport(now);
    }
    return (
      report && {
        subscriptionId: report.subscriptionId,
        deliveryId: report.deliveryId,
        status: report.statusCode,
        json: report.json,
        error: report.error,
        outcome: report.outcome,
      }
    );
  }

  /** Tries a delivery, or joins the try of it already running in this process. */
  private start(delivery: DeliveryRecord, mode: string, subscription?: SubscriptionRecord) {
    const existing = this.inFlight.get(delivery.id);
    if (existing) return existing;
    const running = this.attempts.run(delivery, subscription).finally(() => {
      this.inFlight.delete(delivery.id);
      this.httpInFlight.delete(delivery.id);
      this.changed();
    });
    this.inFlight.set(delivery.id, running);
    if (mode === 'http') this.httpInFlight.set(delivery.id, running);
    return running;
  }
}
