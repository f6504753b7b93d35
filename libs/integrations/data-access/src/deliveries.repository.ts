import { Sql, type Db } from '@tidings/platform/persistence';
import type { EntityManager } from 'typeorm';
import {
  toAttempt,
  toDelivery,
  type AttemptOutcome,
  type AttemptRecord,
  type AttemptRow,
  type DeliveryRecord,
  type DeliveryRow,
  type DeliveryStatus,
  type DueDelivery,
} from './delivery-records';

export type {
  AttemptOutcome,
  AttemptRecord,
  DeliveryRecord,
  DeliveryStatus,
  DueDelivery,
} from './delivery-records';

/** Deliveries and their tries (integrations_deliveries, integrations_delivery_attempts). */
export interface DeliveriesRepository {
  /** Inserts unless the subscription already has a delivery of that event; answers whether new. */
  insertIfNew(d: DeliveryRecord): Promise<boolean>;
  find(id: string): Promise<DeliveryRecord | undefined>;
  /**
   * The delivery and its tries as of one moment: never a try beside the delivery's state from
   * before that try was recorded (the two are read in one snapshot).
   */
  findWithAttempts(
    id: string,
  ): Promise<{ delivery: DeliveryRecord; attempts: AttemptRecord[] } | undefined>;
  findByEvent(subscriptionId: string, eventId: string): Promise<DeliveryRecord | undefined>;
  /** Newest first; `before`: the cursor (a delivery id). */
  list(
    subscriptionId: string,
    query: { status?: DeliveryStatus; before?: string; limit: number },
  ): Promise<DeliveryRecord[]>;
  /**
   * Deliveries due at `now` of active subscriptions in `modes`, not leased, soonest first; of an
   * ordered subscription only its oldest unfinished one.
   */
  due(
    now: number,
    modes: readonly string[],
    limit: number,
    skip: readonly string[],
  ): Promise<DueDelivery[]>;
  /** Whether an unfinished delivery older than this one holds an ordered subscription's line. */
  waitsForEarlier(d: Pick<DeliveryRecord, 'id' | 'subscriptionId'>): Promise<boolean>;
  /** Takes the delivery for a try until `leaseUntil`; false when someone else holds it or it is finished. */
  claim(id: string, now: number, leaseUntil: number): Promise<boolean>;
  release(id: string): Promise<void>;
  /** Stores a try and its effect on the delivery (lease released). */
  recordAttempt(attempt: AttemptRecord, outcome: AttemptOutcome): Promise<void>;
  attempts(deliveryId: string): Promise<AttemptRecord[]>;
  /** Every unfinished delivery of a subscription → dead (its endpoint is gone) at `now`. */
  killUnfinished(subscriptionId: string, error: string, now: number): Promise<void>;
  /** Due again now, a new round of the schedule. */
  replay(id: string, now: number): Promise<void>;
  /**
   * A bot's connector is back: its active socket subscriptions' failed deliveries whose last
   * error starts with one of `errorPrefixes` (tries lost with a socket) are due at `now`
   * instead of later on the schedule. Only the schedule moves; answers how many.
   */
  retryLostSocketTries(
    botId: string,
    now: number,
    errorPrefixes: readonly string[],
  ): Promise<number>;
  /**
   * Deletes up to `limit` deliveries finished (succeeded or dead) before `before`, with their
   * tries, in one transaction; answers how many. Call again until it answers less than `limit`.
   */
  pruneFinished(before: number, limit: number): Promise<number>;
}

const UNFINISHED = `('pending', 'failed')`;
const DELIVERY_COLUMNS = `d.id, d.subscription_id, d.event_id, d.event_type, d.body, d.status,
  d.attempts, d.round_start, d.next_attempt_ms, d.last_status_code, d.last_error, d.created_ms,
  d.succeeded_ms, d.finished_ms`;
const FINISHED = `('succeeded', 'dead')`;

export class SqlDeliveriesRepository implements DeliveriesRepository {
  private readonly sql: Sql;

  constructor(private readonly db: Db) {
    this.sql = new Sql(db);
  }

  async insertIfNew(d: DeliveryRecord): Promise<boolean> {
    const rows = await this.sql.rows(
      `INSERT INTO integrations_deliveries (id, subscription_id, event_id, event_type, body, status,
         attempts, round_start, next_attempt_ms, lease_until_ms, last_status_code, last_error,
         created_ms, succeeded_ms, finished_ms)
       VALUES (${Sql.list(15)})
       ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id`,
      [
        d.id,
        d.subscriptionId,
        d.eventId,
        d.eventType,
        d.body,
        d.status,
        d.attempts,
        d.roundStart,
        d.nextAttemptAt,
        null,
        d.lastStatusCode,
        d.lastError,
        d.createdAt,
        d.succeededAt,
        d.finishedAt,
      ],
    );
    return rows.length > 0;
  }

  async find(id: string): Promise<DeliveryRecord | undefined> {
    const row = await this.sql.one<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM integrations_deliveries d WHERE d.id = ?`,
      [id],
    );
    return row && toDelivery(row);
  }

  async findWithAttempts(id: string) {
    // Two statements, one snapshot: PostgreSQL's default (READ COMMITTED) takes a snapshot per
    // statement, so a try committed between them would show beside the delivery's earlier
    // status; REPEATABLE READ holds the first one. On SQLite a transaction holds the process's
    // lock (sqlite-serial.ts): no write lands between them.
    return this.inTransaction(this.sql.pg ? 'REPEATABLE READ' : undefined, async (tx) => {
      const repo = new SqlDeliveriesRepository(tx);
      const delivery = await repo.find(id);
      return delivery && { delivery, attempts: await repo.attempts(id) };
    });
  }

  async findByEvent(subscriptionId: string, eventId: string) {
    const row = await this.sql.one<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM integrations_deliveries d
       WHERE d.subscription_id = ? AND d.event_id = ?`,
      [subscriptionId, eventId],
    );
    return row && toDelivery(row);
  }

  async list(
    subscriptionId: string,
    query: { status?: DeliveryStatus; before?: string; limit: number },
  ): Promise<DeliveryRecord[]> {
    const where = ['d.subscription_id = ?'];
    const params: unknown[] = [subscriptionId];
    if (query.status) {
      where.push('d.status = ?');
      params.push(query.status);
    }
    if (query.before) {
      where.push('d.id < ?');
      params.push(query.before);
    }
    const rows = await this.sql.rows<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM integrations_deliveries d WHERE ${where.join(' AND ')}
       ORDER BY d.id DESC LIMIT ?`,
      [...params, query.limit],
    );
    return rows.map(toDelivery);
  }

  async due(
    now: number,
    modes: readonly string[],
    limit: number,
    skip: readonly string[],
  ): Promise<DueDelivery[]> {
    if (modes.length === 0) return [];
    const rows = await this.sql.rows<DeliveryRow & { mode: string }>(
      `SELECT ${DELIVERY_COLUMNS}, s.mode FROM integrations_deliveries d
         JOIN integrations_subscriptions s ON s.id = d.subscription_id
       WHERE d.status IN ${UNFINISHED} AND d.next_attempt_ms <= ?
         AND (d.lease_until_ms IS NULL OR d.lease_until_ms < ?)
         AND s.status = 'active' AND s.mode IN (${Sql.list(modes.length)})
         ${skip.length > 0 ? `AND d.id NOT IN (${Sql.list(skip.length)})` : ''}
         AND (s.ordered = 0 OR d.id = (SELECT MIN(e.id) FROM integrations_deliveries e
               WHERE e.subscription_id = d.subscription_id AND e.status IN ${UNFINISHED}))
       ORDER BY d.next_attempt_ms, d.id LIMIT ?`,
      [now, now, ...modes, ...skip, limit],
    );
    return rows.map((r) => ({ ...toDelivery(r), mode: r.mode }));
  }

  async waitsForEarlier(d: Pick<DeliveryRecord, 'id' | 'subscriptionId'>): Promise<boolean> {
    const row = await this.sql.one(
      `SELECT 1 AS waits FROM integrations_subscriptions s
       WHERE s.id = ? AND s.ordered = 1 AND EXISTS (SELECT 1 FROM integrations_deliveries e
         WHERE e.subscription_id = s.id AND e.status IN ${UNFINISHED} AND e.id < ?)`,
      [d.subscriptionId, d.id],
    );
    return row !== undefined;
  }

  async claim(id: string, now: number, leaseUntil: number): Promise<boolean> {
    const rows = await this.sql.rows(
      `UPDATE integrations_deliveries SET lease_until_ms = ?
       WHERE id = ? AND status IN ${UNFINISHED} AND (lease_until_ms IS NULL OR lease_until_ms < ?)
       RETURNING id`,
      [leaseUntil, id, now],
    );
    return rows.length > 0;
  }

  async release(id: string): Promise<void> {
    await this.sql.run(`UPDATE integrations_deliveries SET lease_until_ms = NULL WHERE id = ?`, [
      id,
    ]);
  }

  async recordAttempt(a: AttemptRecord, o: AttemptOutcome): Promise<void> {
    await this.sql.run(
      `INSERT INTO integrations_delivery_attempts (delivery_id, number, started_ms,
         request_headers, status_code, error, latency_ms, response_body)
       VALUES (${Sql.list(8)})`,
      [
        a.deliveryId,
        a.number,
        a.startedAt,
        JSON.stringify(a.requestHeaders),
        a.statusCode,
        a.error,
        a.latencyMs,
        a.responseBody,
      ],
    );
    await this.sql.run(
      `UPDATE integrations_deliveries SET status = ?, attempts = ?, next_attempt_ms = ?,
         lease_until_ms = NULL, last_status_code = ?, last_error = ?,
         succeeded_ms = COALESCE(?, succeeded_ms), finished_ms = ?
       WHERE id = ?`,
      [
        o.status,
        a.number,
        o.nextAttemptAt,
        o.lastStatusCode,
        o.lastError,
        o.succeededAt,
        o.finishedAt,
        a.deliveryId,
      ],
    );
  }

  async attempts(deliveryId: string): Promise<AttemptRecord[]> {
    const rows = await this.sql.rows<AttemptRow>(
      `SELECT * FROM integrations_delivery_attempts WHERE delivery_id = ? ORDER BY number`,
      [deliveryId],
    );
    return rows.map(toAttempt);
  }

  async killUnfinished(subscriptionId: string, error: string, now: number): Promise<void> {
    await this.sql.run(
      `UPDATE integrations_deliveries SET status = 'dead', next_attempt_ms = NULL, last_error = ?,
         finished_ms = ?
       WHERE subscription_id = ? AND status IN ${UNFINISHED}`,
      [error, now, subscriptionId],
    );
  }

  async replay(id: string, now: number): Promise<void> {
    await this.sql.run(
      `UPDATE integrations_deliveries SET status = 'pending', next_attempt_ms = ?,
         round_start = attempts, finished_ms = NULL
       WHERE id = ?`,
      [now, id],
    );
  }

  async retryLostSocketTries(
    botId: string,
    now: number,
    errorPrefixes: readonly string[],
  ): Promise<number> {
    if (errorPrefixes.length === 0) return 0;
    // A prefix compared as text, not a LIKE pattern (`_` in the prefixes is no wildcard).
    const lost = errorPrefixes.map(() => 'SUBSTR(last_error, 1, ?) = ?').join(' OR ');
    const rows = await this.sql.rows(
      `UPDATE integrations_deliveries SET next_attempt_ms = ?
       WHERE status = 'failed' AND next_attempt_ms > ? AND (${lost})
         AND subscription_id IN (SELECT s.id FROM integrations_subscriptions s
           WHERE s.mode = 'socket' AND s.bot_id = ? AND s.status = 'active')
       RETURNING id`,
      [now, now, ...errorPrefixes.flatMap((p) => [p.length, p]), botId],
    );
    return rows.length;
  }

  async pruneFinished(before: number, limit: number): Promise<number> {
    return this.inTransaction(undefined, async (tx) => {
      const sql = new Sql(tx);
      // The deliveries first, their tries by the ids deleted: a delivery replayed meanwhile
      // (unfinished again) is not taken, so it never loses its tries.
      const gone = await sql.rows<{ id: string }>(
        `DELETE FROM integrations_deliveries WHERE id IN (
           SELECT id FROM integrations_deliveries
           WHERE finished_ms < ? AND status IN ${FINISHED} LIMIT ?)
         RETURNING id`,
        [before, limit],
      );
      if (gone.length > 0)
        await sql.run(
          `DELETE FROM integrations_delivery_attempts
           WHERE delivery_id IN (${Sql.list(gone.length)})`,
          gone.map((r) => r.id),
        );
      return gone.length;
    });
  }

  /** `work` in a transaction: this one's, when the repository already runs in one. */
  private inTransaction<T>(
    isolation: 'REPEATABLE READ' | undefined,
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    const db = this.db;
    if (!('manager' in db) && db.queryRunner?.isTransactionActive) return work(db);
    const manager = 'manager' in db ? db.manager : db;
    return isolation ? manager.transaction(isolation, work) : manager.transaction(work);
  }
}
