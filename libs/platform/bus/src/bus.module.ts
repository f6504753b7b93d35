import {
  Global,
  Injectable,
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { EventBus, type RetryPolicy } from './event-bus';
import { BusMetrics } from './metrics';
import { BusStack } from './bus-stack';
import { OutboxTransactionRunner } from './outbox/transaction-runner';
import type { Transport } from './transport';
import { KafkaTransport } from './transports/kafka.transport';
import { MemoryTransport } from './transports/memory.transport';

export interface BusOptions {
  /** Kafka bootstrap brokers; empty → the embedded memory transport. */
  kafkaBrokers: string[];
  clientId: string;
  /** Kafka only: prefix of every topic and group (see KafkaTransportOptions.namespace). */
  kafkaNamespace?: string;
  partitions: number;
  retry: Partial<RetryPolicy>;
  /** Services whose outbox this process relays (each mounted service adds its name). */
  outboxServices: string[];
  /** Topics to create at boot so consumers can join before the first event. */
  topics: string[];
  metricsRegistry?: Registry;
  /** Lets the host add the bus to /health/ready without the bus knowing about health. */
  registerReadiness?: (name: string, check: () => Promise<Record<string, unknown>>) => void;
}

export interface BusAsyncOptions {
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => BusOptions | Promise<BusOptions>;
}

export const BUS_OPTIONS = Symbol('tidings.BusOptions');

/** Outbox rows older than this, still unpublished, make the process unready. */
const MAX_HEALTHY_BACKLOG_AGE_MS = 60_000;

/**
 * The bus as services see it in Nest: `EventBus` to subscribe, `BusRuntime.runnerFor(service)`
 * for the one write path (state + outbox in one transaction). The transport is chosen here,
 * once: Kafka when brokers are configured, the in-process memory transport otherwise.
 */
@Injectable()
export class BusRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Bus');
  readonly stack: BusStack;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(BUS_OPTIONS) private readonly options: BusOptions,
  ) {
    const transport: Transport =
      options.kafkaBrokers.length > 0
        ? new KafkaTransport({
            brokers: options.kafkaBrokers,
            clientId: options.clientId,
            partitions: options.partitions,
            ...(options.kafkaNamespace ? { namespace: options.kafkaNamespace } : {}),
            onConsumerError: (group, error) =>
              this.logger.warn(
                { group, error: String(error) },
                'consumer connection failed; retrying',
              ),
          })
        : new MemoryTransport(dataSource, { partitions: options.partitions });
    this.stack = new BusStack({
      dataSource,
      transport,
      services: options.outboxServices,
      retry: options.retry,
      metrics: new BusMetrics(options.metricsRegistry),
      logger: {
        warn: (message, context) => this.logger.warn({ ...context }, message),
        error: (message, context) => this.logger.error({ ...context }, message),
      },
      relay: {
        onError: (error) =>
          this.logger.warn(
            `outbox relay: ${error instanceof Error ? error.message : String(error)}`,
          ),
      },
    });
    options.registerReadiness?.('bus', () => this.readiness());
  }

  get bus(): EventBus {
    return this.stack.bus;
  }

  get transport(): Transport {
    return this.stack.transport;
  }

  runnerFor(service: string): OutboxTransactionRunner {
    return this.stack.runnerFor(service);
  }

  async readiness(): Promise<Record<string, unknown>> {
    const transport = await this.transport.health();
    const backlog = await this.stack.relay.backlog();
    if (backlog.oldestMs !== null && backlog.oldestMs > MAX_HEALTHY_BACKLOG_AGE_MS) {
      throw new Error(
        `outbox relay is ${Math.round(backlog.oldestMs / 1000)} s behind (${backlog.rows} rows)`,
      );
    }
    return { ...transport, outboxBacklog: backlog.rows, relayLagMs: backlog.oldestMs ?? 0 };
  }

  async onApplicationBootstrap(): Promise<void> {
    // A broker that is down at boot must not stop the process: readiness reports it, the relay
    // retries, and topics are created on first publish or subscribe anyway.
    this.transport
      .ensureTopics(this.options.topics)
      .catch((error: unknown) =>
        this.logger.warn(
          `could not create topics yet: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    this.stack.start();
    this.logger.log(
      `${this.transport.kind} transport` +
        (this.transport.kind === 'kafka' ? ` (${this.options.kafkaBrokers.join(',')})` : '') +
        `; relaying ${this.options.outboxServices.length} outbox(es)`,
    );
  }

  // Before the HTTP server drains: consumers stop taking new events; rows committed by
  // in-flight requests stay in the outbox and are published on the next start.
  async beforeApplicationShutdown(): Promise<void> {
    await this.stack.stop();
  }
}

@Global()
@Module({})
export class BusModule {
  static forRootAsync(options: BusAsyncOptions): DynamicModule {
    return {
      module: BusModule,
      providers: [
        { provide: BUS_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        BusRuntime,
        {
          provide: EventBus,
          inject: [BusRuntime],
          useFactory: (runtime: BusRuntime) => runtime.bus,
        },
      ],
      exports: [BusRuntime, EventBus],
    };
  }
}
