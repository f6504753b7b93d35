import {
  Admin,
  Consumer,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
  type Message,
} from '@platformatic/kafka';
import type {
  ConsumeOptions,
  IncomingRecord,
  OutgoingRecord,
  RecordHandler,
  Transport,
  TransportSubscription,
} from '../transport';
import { PartitionLanes } from './partition-lanes';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  /** Partitions of topics this transport creates. */
  partitions: number;
  replicationFactor?: number;
  /** Consumer session timeout: how soon a dead consumer's partitions move to a live one. */
  sessionTimeoutMs?: number;
  /**
   * A consumer's background failure (a lost broker connection while it rejoins its group, say).
   * The client reconnects on its own; without a listener Node would crash the process on it.
   */
  onConsumerError?: (group: string, error: unknown) => void;
  /**
   * Prefixes every topic and consumer group (`<namespace>.messaging`), so several installations
   * (or test suites) can share one cluster without reading each other's events. Services keep
   * using the plain names.
   */
  namespace?: string;
}

type StringMessage = Message<string, string, string, string>;

/**
 * Records a consumer holds at once, across its partitions (queued behind their partition's
 * earlier records or being handled). Enough for every partition to keep a handler busy and for
 * group commits to gather a turn's events; few enough to bound memory and redelivery on a crash.
 */
const MAX_RECORDS_IN_FLIGHT = 256;

/**
 * How often a consumer commits its position: the newest handled record of each partition, not
 * every record — an offset commit is a broker write, and one per record per consumer group was
 * a good part of the broker's CPU per message. A crash redelivers at most this much more, which
 * at-least-once handlers (deduplicated by event id) absorb.
 */
const COMMIT_INTERVAL_MS = 100;

/**
 * How long a closing subscription waits for its last commits and for leaving its group. A
 * rebalance under way (another process of the group restarting, as in a rolling restart) can
 * hold both until the group's rebalance timeout, far past a drain's deadline. Past this the
 * process goes on without them: the broker drops the member at its session timeout, and records
 * whose commit did not land are delivered again — at least once, as always.
 */
const CLOSE_GRACE_MS = 5_000;

/** Waits for `work`, but no longer than `ms`; its failure or lateness is not the caller's. */
async function atMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  await Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    late,
  ]);
  clearTimeout(timer);
}

/**
 * Apache Kafka through @platformatic/kafka: an idempotent producer with acks=all (no loss, no
 * duplicates from producer retries, order kept per partition), consumer groups with manual
 * commits after the handler succeeded, and topics created up front with our partition count.
 */
export class KafkaTransport implements Transport {
  readonly kind = 'kafka' as const;
  private readonly producer: Producer<string, string, string, string>;
  private readonly admin: Admin;
  private readonly subscriptions = new Set<TransportSubscription>();
  private readonly knownTopics = new Set<string>();

  constructor(private readonly options: KafkaTransportOptions) {
    this.producer = new Producer({
      clientId: `${options.clientId}-producer`,
      bootstrapBrokers: options.brokers,
      serializers: stringSerializers,
      idempotent: true,
      acks: ProduceAcks.ALL,
      autocreateTopics: false,
    });
    this.admin = new Admin({
      clientId: `${options.clientId}-admin`,
      bootstrapBrokers: options.brokers,
    });
  }

  /** The broker's name of a topic or group. */
  private physical(name: string): string {
    return this.options.namespace ? `${this.options.namespace}.${name}` : name;
  }

  /** The services' name of a broker topic. */
  private logical(name: string): string {
    const prefix = this.options.namespace ? `${this.options.namespace}.` : '';
    return prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
  }

  async ensureTopics(logicalTopics: string[]): Promise<void> {
    const topics = logicalTopics.map((t) => this.physical(t));
    const wanted = topics.filter((t) => !this.knownTopics.has(t));
    if (wanted.length === 0) return;
    const existing = new Set(await this.admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        await this.admin.createTopics({
          topics: missing,
          partitions: this.options.partitions,
          replicas: this.options.replicationFactor ?? 1,
        });
      } catch (error) {
        // Another process may have created it between our list and create.
        if (!/TOPIC_ALREADY_EXISTS|already exists/i.test(describe(error))) throw error;
      }
    }
    for (const t of wanted) this.knownTopics.add(t);
  }

  async publish(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensureTopics([...new Set(records.map((r) => r.topic))]);
    await this.producer.send({
      messages: records.map((r) => ({
        topic: this.physical(r.topic),
        key: r.key,
        value: r.value,
        headers: r.headers ?? {},
      })),
    });
  }

  async consume(
    group: string,
    logicalTopics: string[],
    handler: RecordHandler,
    options: ConsumeOptions = {},
  ): Promise<TransportSubscription> {
    await this.ensureTopics(logicalTopics);
    const topics = logicalTopics.map((t) => this.physical(t));
    const consumer = new Consumer({
      groupId: this.physical(group),
      clientId: `${this.options.clientId}-${group}`,
      bootstrapBrokers: this.options.brokers,
      deserializers: stringDeserializers,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1_000,
    });
    let stopping = false;
    // Connections drop while a group rebalances or the process drains; the client retries and
    // the records stay uncommitted. Reported unless we are closing (then it is expected).
    consumer.on('error', (error: unknown) => {
      if (!stopping) this.options.onConsumerError?.(group, error);
    });
    const stream = await consumer.consume({
      topics,
      autocommit: false,
      mode: 'committed',
      fallbackMode: options.startAt ?? 'earliest',
    });
    const commits = new Set<Promise<void>>();
    // The last handled record of each partition, committed by the next flush.
    const handled = new Map<string, StringMessage>();
    const flush = () => {
      for (const message of handled.values()) {
        const pending = Promise.resolve(message.commit() as Promise<void>).catch(() => {
          // A commit can fail after a rebalance moved the partition: the new owner re-reads
          // from the last committed position, which at-least-once delivery allows.
        });
        commits.add(pending);
        void pending.finally(() => commits.delete(pending));
      }
      handled.clear();
    };
    const flushing = setInterval(flush, COMMIT_INTERVAL_MS);
    flushing.unref();
    const lanes = new PartitionLanes(MAX_RECORDS_IN_FLIGHT);

    const loop = (async () => {
      for await (const message of stream as AsyncIterable<StringMessage>) {
        // A failed handler means we are closing: leave its record, and whatever is queued
        // behind it, uncommitted — they are delivered again.
        if (stopping || lanes.stopped) break;
        const lane = `${message.topic}#${message.partition}`;
        await lanes.add(lane, async () => {
          // Closing: records still queued are left uncommitted (and everything behind them).
          if (stopping) throw new Error('consumer closing');
          await handler({ ...toIncoming(message), topic: this.logical(message.topic) });
          handled.set(lane, message);
        });
      }
      await lanes.idle();
    })();

    const subscription: TransportSubscription = {
      close: async () => {
        if (stopping) return;
        stopping = true;
        this.subscriptions.delete(subscription);
        await stream.close();
        await loop.catch(() => undefined);
        clearInterval(flushing);
        flush();
        await atMost(Promise.all(commits), CLOSE_GRACE_MS);
        await atMost(consumer.close(true), CLOSE_GRACE_MS);
      },
      lag: async () => {
        const lags = await consumer.getLag({ topics });
        const result: Record<string, number> = {};
        for (const [topic, partitions] of lags) {
          result[this.logical(topic)] = partitions.reduce(
            (sum, n) => sum + Math.max(0, Number(n)),
            0,
          );
        }
        return result;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async health(): Promise<Record<string, unknown>> {
    const metadata = await this.admin.metadata({ topics: [] });
    return { transport: 'kafka', brokers: metadata.brokers.size };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.producer.close();
    await this.admin.close();
  }
}

function toIncoming(message: StringMessage): IncomingRecord {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: Object.fromEntries(message.headers),
  };
}

function describe(error: unknown): string {
  try {
    return `${String(error)} ${JSON.stringify(error)}`;
  } catch {
    return String(error);
  }
}
