import type { DataSource } from 'typeorm';
import { EventBus, type BusLogger, type RetryPolicy } from './event-bus';
import { BusMetrics } from './metrics';
import { OutboxRelay, type RelayOptions } from './outbox/relay';
import { OutboxTransactionRunner } from './outbox/transaction-runner';
import type { Transport } from './transport';

export interface BusStackOptions {
  dataSource: DataSource;
  transport: Transport;
  /** Services whose outboxes this process relays. */
  services: string[];
  retry?: Partial<RetryPolicy>;
  metrics?: BusMetrics;
  logger?: BusLogger;
  relay?: Omit<RelayOptions, 'services' | 'metrics'>;
}

/**
 * The bus of one process, assembled: transport, relay over the local outboxes, the EventBus,
 * and transaction runners that wake the relay on commit. The Nest module, tests, benchmarks
 * and the crash-test child all build it the same way.
 */
export class BusStack {
  readonly bus: EventBus;
  readonly relay: OutboxRelay;
  readonly metrics: BusMetrics;
  readonly transport: Transport;

  constructor(private readonly options: BusStackOptions) {
    this.transport = options.transport;
    this.metrics = options.metrics ?? new BusMetrics();
    this.bus = new EventBus(options.transport, {
      metrics: this.metrics,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.relay = new OutboxRelay(options.dataSource, options.transport, {
      ...options.relay,
      services: options.services,
      metrics: this.metrics,
    });
    this.metrics.attach({
      refresh: async () => {
        await this.relay.backlog();
        await this.bus.refreshLag();
      },
    });
  }

  /** The one write path of `service`: state change + events in one transaction. */
  runnerFor(service: string): OutboxTransactionRunner {
    return new OutboxTransactionRunner(this.options.dataSource, service, () =>
      this.relay.notify(service),
    );
  }

  start(): void {
    this.relay.start();
  }

  /** Stops relaying and every subscription; the database stays open (its owner closes it). */
  async stop(): Promise<void> {
    await this.relay.stop();
    await this.transport.close();
  }
}
