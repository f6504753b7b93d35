import type { DataSource } from 'typeorm';
import type { BusMetrics } from '../metrics';
import { affectedRows, chunk, placeholders, toInt, type Queryable } from '../sql';
import type { OutgoingRecord, Transport } from '../transport';
import { outboxTable } from './outbox';
import { withOutboxLock } from './outbox-lock';

export interface RelayOptions {
  /** Services whose outbox tables this relay drains. */
  services: string[];
  batchSize?: number;
  /** How long to sleep when there is nothing to publish (a commit wakes it sooner). */
  idleMs?: number;
  /**
   * After publishing a partial batch, how long to let further commits gather before the next
   * pass. A commit after a quiet spell is published at once; under a steady stream each pass
   * takes what a few milliseconds brought instead of one event — a pass costs the same few
   * statements (and, on PostgreSQL, a WAL flush) whatever it carries. Default 2 ms.
   */
  lingerMs?: number;
  /**
   * When another replica holds an outbox's lock, how soon to try it again (doubling while it
   * stays held, up to idleMs). Default 5 ms: the holder lingers between passes, and a row this
   * process committed just after the holder read its batch waits for this retry.
   */
  lockRetryMs?: number;
  /** Published rows older than this are deleted. */
  retainPublishedMs?: number;
  metrics?: BusMetrics;
  onError?: (error: unknown) => void;
}

interface OutboxRow {
  id: unknown;
  event_id: string;
  topic: string;
  event_key: string;
  event_type: string;
  event_version: unknown;
  envelope: string;
  created_ms: unknown;
}

/**
 * Publishes committed outbox rows in id order and marks them published.
 *
 * Crash safety: a row is marked only after the transport acknowledged it, so a crash between
 * the two republishes it after restart — with the same envelope id, which consumers dedupe.
 * (The in-process transport on this same database appends and marks in one transaction: see
 * Transport.publishWithin.)
 * Rows are selected by "not yet published" rather than "id above a high-water mark", so a
 * PostgreSQL transaction that took an earlier id but committed later is never skipped.
 * One relay per process drains the outboxes one after another. Several replicas of a service
 * may each run one over the same PostgreSQL outbox: a pass holds that outbox's advisory lock
 * (outbox-lock.ts), so one replica drains it at a time, in id order, and the others skip it
 * and try again shortly. The mark only touches rows still unpublished and fails the pass if
 * any was not — a relay that lost its lock mid-pass (its connection dropped) then rolls back
 * instead of appending a second copy to the memory transport's log.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private wakeRequested = false;
  private lastError: string | undefined;
  private readonly batchSize: number;
  private readonly sql: ReturnType<typeof placeholders>;
  private lastPrune = 0;
  /** Outboxes to read on the next pass; `sweepAll`: every one of them. */
  private readonly grown = new Set<string>();
  private sweepAll = true;
  /** Passes in a row that found an outbox locked by another replica (0: none). */
  private contended = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: Transport,
    private readonly options: RelayOptions,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.sql = placeholders(dataSource);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Called after a transaction with events commits, so publication does not wait for a poll.
   * With the service named, the next pass reads only the outboxes known to have grown (a
   * host relays several; asking each of them after every commit was most of the relay's
   * cost); the idle poll still reads them all, for rows another process wrote.
   */
  notify(service?: string): void {
    if (service === undefined) this.sweepAll = true;
    else this.grown.add(service);
    this.wakeRequested = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Rows committed but not yet published, per outbox, and the age of the oldest. */
  async backlog(): Promise<{ rows: number; oldestMs: number | null; error?: string }> {
    let rows = 0;
    let oldest: number | null = null;
    for (const service of this.options.services) {
      const table = outboxTable(service);
      const [row] = await this.dataSource.query(
        `SELECT COUNT(*) AS n, MIN(created_ms) AS oldest FROM ${table} WHERE published_ms IS NULL`,
      );
      const n = toInt(row.n);
      this.options.metrics?.outboxBacklog.set({ outbox: table }, n);
      rows += n;
      if (row.oldest !== null && row.oldest !== undefined) {
        oldest = Math.min(oldest ?? Infinity, toInt(row.oldest));
      }
    }
    return {
      rows,
      oldestMs: oldest === null ? null : Date.now() - oldest,
      ...(this.lastError ? { error: this.lastError } : {}),
    };
  }

  /** Publishes everything currently committed; returns how many rows it published. */
  async drainOnce(): Promise<number> {
    return this.drain(this.options.services);
  }

  /** One pass over the outboxes that may hold rows; a full batch keeps its outbox marked. */
  private async drainMarked(): Promise<number> {
    const services = this.sweepAll
      ? this.options.services
      : this.options.services.filter((s) => this.grown.has(s));
    this.sweepAll = false;
    this.grown.clear();
    return this.drain(services);
  }

  private async drain(services: readonly string[]): Promise<number> {
    let published = 0;
    let skipped = false;
    for (const service of services) {
      const pass = await withOutboxLock(this.dataSource, outboxTable(service), (db) =>
        this.drainOutbox(outboxTable(service), db),
      );
      // Locked by another replica, or a full batch: read this outbox again next pass.
      if (!pass.locked || pass.value >= this.batchSize) this.grown.add(service);
      if (pass.locked) published += pass.value;
      else skipped = true;
    }
    this.contended = skipped ? this.contended + 1 : 0;
    return published;
  }

  /** Selects and marks through `db`, which holds the outbox's lock (see withOutboxLock). */
  private async drainOutbox(table: string, db: Queryable): Promise<number> {
    const rows: OutboxRow[] = await db.query(
      `SELECT id, event_id, topic, event_key, event_type, event_version, envelope, created_ms
       FROM ${table} WHERE published_ms IS NULL ORDER BY id LIMIT ${this.sql.at(1)}`,
      [this.batchSize],
    );
    if (rows.length === 0) return 0;
    const records: OutgoingRecord[] = rows.map((r) => ({
      topic: r.topic,
      key: r.event_key,
      value: r.envelope,
      headers: {
        'event-id': r.event_id,
        'event-type': r.event_type,
        'event-version': String(r.event_version),
      },
    }));
    const now = Date.now();
    const markPublished = async (into: Queryable) => {
      for (const ids of chunk(
        rows.map((r) => toInt(r.id)),
        500,
      )) {
        const result = await into.query(
          `UPDATE ${table} SET published_ms = ${this.sql.at(1)} WHERE id IN (${this.sql.list(ids.length, 2)}) AND published_ms IS NULL`,
          [now, ...ids],
        );
        // PostgreSQL only: there another replica may have marked them (on SQLite one process
        // relays, and query() does not report how many rows an UPDATE changed).
        if (this.sql.pg && affectedRows(result) !== ids.length) {
          throw new Error(`${table}: rows were published by another relay meanwhile (lock lost?)`);
        }
      }
    };
    // Publish, then mark — in one transaction where the log shares our database.
    const together = await this.transport.publishWithin?.(this.dataSource, records, markPublished);
    if (!together) {
      await this.transport.publish(records);
      await markPublished(db);
    }
    for (const r of rows)
      this.options.metrics?.relayLatency.observe(
        { outbox: table },
        (now - toInt(r.created_ms)) / 1000,
      );
    return rows.length;
  }

  private async prune(): Promise<void> {
    const retain = this.options.retainPublishedMs ?? 24 * 3600_000;
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    for (const service of this.options.services) {
      await this.dataSource.query(
        `DELETE FROM ${outboxTable(service)} WHERE published_ms IS NOT NULL AND published_ms < ${this.sql.at(1)}`,
        [Date.now() - retain],
      );
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let published = 0;
      try {
        this.wakeRequested = false;
        published = await this.drainMarked();
        await this.prune();
        failures = 0;
        this.lastError = undefined;
      } catch (error) {
        failures++;
        this.sweepAll = true; // what this pass did not get to is read again in full
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
      }
      if (published >= this.batchSize) continue;
      if (published > 0) {
        const linger = this.options.lingerMs ?? 2;
        if (linger > 0) await new Promise((resolve) => setTimeout(resolve, linger));
        continue;
      }
      if (this.wakeRequested) continue;
      if (this.contended > 0 && failures === 0) {
        // Another replica is draining an outbox this one has rows in: retry it soon.
        const idle = this.options.idleMs ?? 250;
        const retry = Math.min(idle, (this.options.lockRetryMs ?? 5) * 2 ** (this.contended - 1));
        await new Promise((resolve) => setTimeout(resolve, retry));
        continue;
      }
      // Back off on repeated failures (broker down) up to 5 s; otherwise idle until notified.
      const wait =
        failures > 0 ? Math.min(5000, 100 * 2 ** failures) : (this.options.idleMs ?? 250);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, wait);
      });
      this.wake = undefined;
      // Woken by the clock, not by a commit here: read every outbox (rows another process —
      // the CLI, say — committed announce nothing to this one).
      if (!this.wakeRequested) this.sweepAll = true;
    }
  }
}
