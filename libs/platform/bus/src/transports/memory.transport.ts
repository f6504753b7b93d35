import { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import { chunk, placeholders, toInt, type Queryable } from '../sql';
import {
  partitionOf,
  type ConsumeOptions,
  type IncomingRecord,
  type OutgoingRecord,
  type RecordHandler,
  type Transport,
  type TransportSubscription,
} from '../transport';

export interface MemoryTransportOptions {
  partitions: number;
  /** Records fetched per round trip by a consumer. */
  fetchSize?: number;
}

const LOG = 'platform_bus_log';
const OFFSETS = 'platform_bus_offsets';

/**
 * The embedded default: no broker, delivery inside this process — but the log itself lives in
 * the process's database (`platform_bus_log`, positions in `platform_bus_offsets`), so a crash
 * or restart loses nothing that was published, and a consumer group resumes where it
 * committed, exactly as on Kafka.
 *
 * Appends are serialized through one in-process queue: positions then follow commit order on
 * PostgreSQL too (a sequence alone hands out ids that may commit out of order, and a reader
 * could step past a row that commits later).
 */
export class MemoryTransport implements Transport {
  readonly kind = 'memory' as const;
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private appendQueue: Promise<void> = Promise.resolve();
  private readonly subscriptions = new Set<TransportSubscription>();
  private readonly sql: ReturnType<typeof placeholders>;
  private readonly positions: PositionWriter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: MemoryTransportOptions,
  ) {
    this.sql = placeholders(dataSource);
    this.positions = new PositionWriter(dataSource);
  }

  async ensureTopics(): Promise<void> {
    // Topics are implicit: a topic exists once a record names it.
  }

  publish(records: OutgoingRecord[]): Promise<void> {
    const run = this.appendQueue.then(() => this.append(records));
    this.appendQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * The relay's publish on the log's own database: the append and the outbox rows' "published"
   * mark commit together — one transaction instead of two, and no republishing after a crash
   * between them.
   */
  async publishWithin(
    dataSource: object,
    records: OutgoingRecord[],
    alsoInTransaction: (db: Queryable) => Promise<void>,
  ): Promise<boolean> {
    if (dataSource !== this.dataSource) return false;
    const run = this.appendQueue.then(() => this.append(records, alsoInTransaction));
    this.appendQueue = run.catch(() => undefined);
    await run;
    return true;
  }

  private async append(
    records: OutgoingRecord[],
    alsoInTransaction?: (db: Queryable) => Promise<void>,
  ): Promise<void> {
    if (records.length === 0) return;
    const now = Date.now();
    await this.dataSource.transaction(async (manager) => {
      for (const part of chunk(records, 400)) {
        const values = part.flatMap((r) => [
          r.topic,
          partitionOf(r.key, this.options.partitions),
          r.key,
          r.value,
          JSON.stringify(r.headers ?? {}),
          now,
        ]);
        await manager.query(
          `INSERT INTO ${LOG} (topic, partition_no, record_key, record_value, headers, created_ms) VALUES ${this.sql.rows(part.length, 6)}`,
          values,
        );
      }
      await alsoInTransaction?.(manager);
    });
    // Wake only the readers of the partitions that grew, not every partition of the topic.
    const grown = new Set(
      records.map((r) => channelOf(r.topic, partitionOf(r.key, this.options.partitions))),
    );
    for (const channel of grown) this.appended.emit(channel);
  }

  async consume(
    group: string,
    topics: string[],
    handler: RecordHandler,
    options: ConsumeOptions = {},
  ): Promise<TransportSubscription> {
    const workers: PartitionWorker[] = [];
    for (const topic of topics) {
      for (let partition = 0; partition < this.options.partitions; partition++) {
        workers.push(
          new PartitionWorker(
            this.dataSource,
            this.appended,
            this.positions,
            group,
            topic,
            partition,
            handler,
            this.options.fetchSize ?? 500,
            options.startAt ?? 'earliest',
          ),
        );
      }
    }
    await Promise.all(workers.map((w) => w.start()));
    const subscription: TransportSubscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        await Promise.all(workers.map((w) => w.stop()));
      },
      lag: async () => {
        const lag: Record<string, number> = {};
        for (const w of workers) lag[w.topic] = (lag[w.topic] ?? 0) + (await w.lag());
        return lag;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async health(): Promise<Record<string, unknown>> {
    return { transport: 'memory', partitions: this.options.partitions };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.appendQueue;
  }
}

/** One consumer group's reader of one partition: fetch, hand over in order, commit. */
class PartitionWorker {
  private position = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly sql: ReturnType<typeof placeholders>;
  private readonly onAppend = () => this.wake?.();

  constructor(
    private readonly dataSource: DataSource,
    private readonly appended: EventEmitter,
    private readonly positions: PositionWriter,
    private readonly group: string,
    readonly topic: string,
    private readonly partition: number,
    private readonly handler: RecordHandler,
    private readonly fetchSize: number,
    private readonly startAt: 'earliest' | 'latest',
  ) {
    this.sql = placeholders(dataSource);
  }

  async start(): Promise<void> {
    const [row] = await this.dataSource.query(
      `SELECT position FROM ${OFFSETS} WHERE group_id = ${this.sql.at(1)} AND topic = ${this.sql.at(2)} AND partition_no = ${this.sql.at(3)}`,
      [this.group, this.topic, this.partition],
    );
    this.position = row ? toInt(row.position) : await this.initialPosition();
    this.appended.on(channelOf(this.topic, this.partition), this.onAppend);
    this.loop = this.run();
  }

  /** A group without a committed position: before the first record, or after the last one. */
  private async initialPosition(): Promise<number> {
    if (this.startAt === 'earliest') return 0;
    const [end] = await this.dataSource.query(
      `SELECT MAX(id) AS last FROM ${LOG} WHERE topic = ${this.sql.at(1)} AND partition_no = ${this.sql.at(2)}`,
      [this.topic, this.partition],
    );
    return end?.last === null || end?.last === undefined ? 0 : toInt(end.last);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.appended.off(channelOf(this.topic, this.partition), this.onAppend);
    this.wake?.();
    await this.loop;
  }

  async lag(): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM platform_bus_log WHERE topic = ${this.sql.at(1)} AND partition_no = ${this.sql.at(2)} AND id > ${this.sql.at(3)}`,
      [this.topic, this.partition, this.position],
    );
    return toInt(row.n);
  }

  private async run(): Promise<void> {
    let appended: Promise<void> | undefined;
    let grew = true;
    while (!this.stopped) {
      // A short page read while nothing was appended since: the next read would come back
      // empty — wait for an append instead of asking.
      if (!grew && appended) await Promise.race([appended, delay(1000)]);
      // Arm the wake-up before fetching so an append between fetch and wait is not missed.
      grew = false;
      appended = new Promise<void>((resolve) => {
        this.wake = () => {
          grew = true;
          resolve();
        };
      });
      const rows: Array<{
        id: unknown;
        record_key: string;
        record_value: string;
        headers: string;
      }> = await this.dataSource.query(
        `SELECT id, record_key, record_value, headers FROM platform_bus_log
           WHERE topic = ${this.sql.at(1)} AND partition_no = ${this.sql.at(2)} AND id > ${this.sql.at(3)}
           ORDER BY id LIMIT ${this.sql.at(4)}`,
        [this.topic, this.partition, this.position, this.fetchSize],
      );
      if (rows.length === 0) continue;
      if (rows.length === this.fetchSize) grew = true; // a full page: there may be more
      let handled = this.position;
      try {
        for (const row of rows) {
          if (this.stopped) break;
          const record: IncomingRecord = {
            topic: this.topic,
            partition: this.partition,
            offset: BigInt(toInt(row.id)),
            key: row.record_key,
            value: row.record_value,
            headers: JSON.parse(row.headers) as Record<string, string>,
          };
          await this.handler(record);
          handled = toInt(row.id);
        }
      } catch {
        // The handler gave up (its subscription is closing): stop here, the record is
        // not committed and will be delivered again to the next consumer of the group.
        this.stopped = true;
      } finally {
        if (handled > this.position) await this.commit(handled);
      }
    }
  }

  private async commit(position: number): Promise<void> {
    await this.positions.write(this.group, this.topic, this.partition, position);
    this.position = position;
  }
}

/**
 * Writes consumer positions, several partitions' in one statement. The readers of a group's
 * partitions usually finish together (woken by one append, their events written in one
 * fan-out transaction): each commit waits for the end of the event loop's turn and goes with
 * whatever else was committed in it — one statement instead of one per partition. A reader
 * still moves on only once its position is stored.
 */
class PositionWriter {
  private pending = new Map<
    string,
    { values: unknown[]; done: Array<(error?: unknown) => void> }
  >();
  private scheduled = false;
  private readonly sql: ReturnType<typeof placeholders>;

  constructor(private readonly dataSource: DataSource) {
    this.sql = placeholders(dataSource);
  }

  write(group: string, topic: string, partition: number, position: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const key = `${group}\u0000${topic}\u0000${partition}`;
      const entry = this.pending.get(key) ?? { values: [], done: [] };
      // One reader per partition and group: a later position replaces an earlier one.
      entry.values = [group, topic, partition, position];
      entry.done.push((error) => (error === undefined ? resolve() : reject(error)));
      this.pending.set(key, entry);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.scheduled = false;
    let failure: unknown;
    try {
      for (const part of chunk(batch, 200)) {
        await this.dataSource.query(
          `INSERT INTO ${OFFSETS} (group_id, topic, partition_no, position) VALUES ${this.sql.rows(part.length, 4)}
           ON CONFLICT (group_id, topic, partition_no) DO UPDATE SET position = excluded.position`,
          part.flatMap((entry) => entry.values),
        );
      }
    } catch (error) {
      failure = error ?? new Error('storing consumer positions failed');
    }
    for (const entry of batch) for (const done of entry.done) done(failure);
  }
}

/** The event a partition's growth is announced on. */
const channelOf = (topic: string, partition: number) => `${topic}#${partition}`;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
