import { deadLetterTopic, type EventEnvelope } from '@tidings/contracts';
import { DependencyUnavailableError } from '@tidings/platform/errors';
import type { BusMetrics } from './metrics';
import type { ConsumeOptions, IncomingRecord, Transport, TransportSubscription } from './transport';

/** How a subscription reads: the transport's options, and which event types it wants. */
export interface SubscribeOptions extends ConsumeOptions {
  /**
   * Only events of these types reach the handler. The others are passed over by the record's
   * `event-type` header, without parsing the envelope — for a consumer that wants a few types
   * of a busy topic (presence reads gateways' connection reports from the topic that also
   * carries every delivery record).
   */
  types?: readonly string[];
}

export interface DeliveryInfo {
  topic: string;
  partition: number;
  offset: bigint;
  /** 1 on first delivery to this handler, 2 on the first retry, … */
  attempt: number;
}

export type EventHandler = (event: EventEnvelope, info: DeliveryInfo) => Promise<void>;

export interface RetryPolicy {
  /** Attempts before the event goes to the dead-letter topic. */
  maxAttempts: number;
  /** Delay before retry n is `initialBackoffMs * 2^(n-1)`, capped. */
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  initialBackoffMs: 200,
  maxBackoffMs: 10_000,
};

export interface Subscription {
  readonly group: string;
  close(): Promise<void>;
  lag(): Promise<Record<string, number>>;
}

export interface BusLogger {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

class SubscriptionClosed extends Error {}

/**
 * The bus port the services see. There is deliberately no `publish` here: events enter the
 * bus only through a service's outbox (see OutboxTransactionRunner), so an event can never
 * exist for a change that did not commit.
 *
 * `subscribe` delivers at least once and in order per key. A failing handler is retried with
 * exponential backoff; after `maxAttempts` the event is written to `dlq.<group>` with the error
 * and the partition moves on, so one poison event delays its partition for a bounded time
 * and never blocks other keys for ever.
 */
export class EventBus {
  private readonly active = new Set<Subscription>();

  constructor(
    private readonly transport: Transport,
    private readonly options: {
      retry?: Partial<RetryPolicy>;
      metrics?: BusMetrics;
      logger?: BusLogger;
    } = {},
  ) {}

  get transportKind(): Transport['kind'] {
    return this.transport.kind;
  }

  async subscribe(
    group: string,
    topics: string[],
    handler: EventHandler,
    retry: Partial<RetryPolicy> = {},
    { types, ...consume }: SubscribeOptions = {},
  ): Promise<Subscription> {
    const policy = { ...defaultRetryPolicy, ...this.options.retry, ...retry };
    const wanted = types ? new Set(types) : undefined;
    let closed = false;
    // Handlers of several partitions may be backing off at once: closing cuts every wait short.
    const backoffs = new Set<() => void>();
    const metrics = this.options.metrics;

    const deliver = async (record: IncomingRecord): Promise<void> => {
      const headerType = record.headers['event-type'];
      if (wanted && headerType !== undefined && !wanted.has(headerType)) return;
      let envelope: EventEnvelope;
      try {
        envelope = JSON.parse(record.value) as EventEnvelope;
      } catch (error) {
        await this.deadLetter(group, record, error, 0);
        return;
      }
      // A record published without the header (by hand, say) is judged by its envelope.
      if (wanted && !wanted.has(envelope.type)) return;
      for (let attempt = 1; ; attempt++) {
        if (closed) throw new SubscriptionClosed();
        try {
          await handler(envelope, {
            topic: record.topic,
            partition: record.partition,
            offset: record.offset,
            attempt,
          });
          metrics?.handled.inc({ group, outcome: 'ok' });
          return;
        } catch (error) {
          // A dependency that is down is waited for (with the capped backoff), not given up on.
          if (attempt >= policy.maxAttempts && !(error instanceof DependencyUnavailableError)) {
            metrics?.handled.inc({ group, outcome: 'dead_letter' });
            await this.deadLetter(group, record, error, attempt);
            return;
          }
          metrics?.handled.inc({ group, outcome: 'retry' });
          this.options.logger?.warn('event handler failed; retrying', {
            group,
            eventId: envelope.id,
            type: envelope.type,
            attempt,
            error: describe(error),
          });
          const backoff = Math.min(
            policy.maxBackoffMs,
            policy.initialBackoffMs * 2 ** (attempt - 1),
          );
          await new Promise<void>((resolve) => {
            const wake = () => {
              clearTimeout(timer);
              backoffs.delete(wake);
              resolve();
            };
            const timer = setTimeout(wake, backoff);
            backoffs.add(wake);
          });
        }
      }
    };

    const inner: TransportSubscription = await this.transport.consume(
      group,
      topics,
      deliver,
      consume,
    );
    const subscription: Subscription = {
      group,
      close: async () => {
        closed = true;
        this.active.delete(subscription);
        for (const wake of [...backoffs]) wake();
        await inner.close();
      },
      lag: async () => {
        const lag = await inner.lag();
        for (const [topic, n] of Object.entries(lag)) metrics?.consumerLag.set({ group, topic }, n);
        return lag;
      },
    };
    this.active.add(subscription);
    return subscription;
  }

  /**
   * For long-lived consumers started at boot: subscribes in the background, retrying with
   * backoff while the transport refuses (Kafka down), so a broker outage delays consumption
   * instead of stopping the process. Readiness reports the broker meanwhile.
   */
  subscribeInBackground(
    group: string,
    topics: string[],
    handler: EventHandler,
    retry: Partial<RetryPolicy> = {},
    consume: SubscribeOptions = {},
  ): { close(): Promise<void> } {
    let closed = false;
    let current: Subscription | undefined;
    let wake: (() => void) | undefined;
    const attempt = async () => {
      for (let failures = 0; !closed; failures++) {
        try {
          current = await this.subscribe(group, topics, handler, retry, consume);
          if (closed) await current.close();
          return;
        } catch (error) {
          this.options.logger?.warn('could not subscribe yet; retrying', {
            group,
            error: describe(error),
          });
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, Math.min(30_000, 500 * 2 ** failures));
          });
        }
      }
    };
    const running = attempt();
    return {
      close: async () => {
        closed = true;
        wake?.();
        await running;
        await current?.close();
      },
    };
  }

  /** Refreshes the consumer-lag gauge of every open subscription (called on each scrape). */
  async refreshLag(): Promise<void> {
    await Promise.all([...this.active].map((s) => s.lag().catch(() => undefined)));
  }

  private async deadLetter(
    group: string,
    record: IncomingRecord,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    this.options.metrics?.deadLetters.inc({ group, topic: record.topic });
    this.options.logger?.error('event moved to the dead-letter topic', {
      group,
      topic: record.topic,
      offset: String(record.offset),
      error: describe(error),
    });
    await this.transport.publish([
      {
        topic: deadLetterTopic(group),
        key: record.key,
        value: record.value,
        headers: {
          ...record.headers,
          'dlq-error': describe(error).slice(0, 2000),
          'dlq-attempts': String(attempts),
          'dlq-source-topic': record.topic,
          'dlq-source-partition': String(record.partition),
          'dlq-source-offset': String(record.offset),
          'dlq-failed-at': new Date().toISOString(),
        },
      },
    ]);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
