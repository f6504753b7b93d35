import type { Queryable } from './sql';

/**
 * What a transport moves: opaque records in topics, partitioned by key. The EventBus adds
 * envelopes, retries and dead letters on top, the same for every transport.
 */
export interface OutgoingRecord {
  topic: string;
  key: string;
  /** The serialized event envelope (JSON). */
  value: string;
  headers?: Record<string, string>;
}

export interface IncomingRecord extends OutgoingRecord {
  partition: number;
  /** Position in the partition; strictly increasing per partition. */
  offset: bigint;
  headers: Record<string, string>;
}

/**
 * Called for each record, one at a time per partition, in partition order. The transport
 * commits a record's position only after the returned promise resolves; if it rejects the
 * subscription stops without committing that record (it will be delivered again).
 */
export type RecordHandler = (record: IncomingRecord) => Promise<void>;

export interface TransportSubscription {
  /** Stops fetching, waits for the record in hand, commits what was handled. */
  close(): Promise<void>;
  /** Records published but not yet committed by this group, per topic. */
  lag(): Promise<Record<string, number>>;
}

/** How a consumer group reads. */
export interface ConsumeOptions {
  /**
   * Where a group with no committed position starts: `earliest` (default — a new service
   * consumer must see everything retained) or `latest` (a per-process group that only wants
   * what is published from now on, such as a gateway's live delivery feed).
   */
  startAt?: 'earliest' | 'latest';
}

export interface Transport {
  readonly kind: 'memory' | 'kafka';
  /** Creates missing topics with the configured partition count (idempotent). */
  ensureTopics(topics: string[]): Promise<void>;
  /** Appends records durably, in the given order per key, before resolving. */
  publish(records: OutgoingRecord[]): Promise<void>;
  /**
   * When the log lives in `dataSource` (the memory transport on the service's own database):
   * appends the records and runs `alsoInTransaction` in ONE transaction, and answers true.
   * Answers false, doing nothing, for a log elsewhere (Kafka).
   */
  publishWithin?(
    dataSource: object,
    records: OutgoingRecord[],
    alsoInTransaction: (db: Queryable) => Promise<void>,
  ): Promise<boolean>;
  consume(
    group: string,
    topics: string[],
    handler: RecordHandler,
    options?: ConsumeOptions,
  ): Promise<TransportSubscription>;
  /** Throws if the transport cannot serve (broker unreachable); returns facts for /health/ready. */
  health(): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** FNV-1a: a stable key → partition mapping for the memory transport. */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
