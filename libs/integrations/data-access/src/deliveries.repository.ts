import { int, intOrNull, Sql, type Db } from '@tidings/platform/persistence';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'dead';

export interface DeliveryRecord {
  /** `msg_…`, the `webhook-id` of every try. */
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  /** The JSON every try sends. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  /** Tries made before the current round of the schedule (a replay starts a new round). */
  roundStart: number;
  nextAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  succeededAt: number | null;
}

export interface AttemptRecord {
  deliveryId: string;
  number: number;
  startedAt: number;
  requestHeaders: Record<string, string>;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  responseBody: string | null;
}

/** A try's effect on its delivery. */
export type AttemptOutcome = Pick<
  DeliveryRecord,
  'status' | 'nextAttemptAt' | 'lastStatusCode' | 'lastError' | 'succeededAt'
>;

/** Deliveries and their tries (integrations_deliveries, integrations_delivery_attempts). */
export interface DeliveriesRepository {
  /** Inserts unless the subscription already has a delivery of that event; answers whether new. */
  insertIfNew(d: DeliveryRecord): Promise<boolean>;
  find(id: string): Promise<DeliveryRecord | undefined>;
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
  ): Promise<DeliveryRecord[]>;
  /** Whether an unfinished delivery older than this one holds an ordered subscription's line. */
  waitsForEarlier(d: Pick<DeliveryRecord, 'id' | 'subscriptionId'>): Promise<boolean>;
  /** Takes the delivery for a try until `leaseUntil`; false when someone else holds it or it is finished. */
  claim(id: string, now: number, leaseUntil: number): Promise<boolean>;
  release(id: string): Promise<void>;
  /** Stores a try and its effect on the delivery (lease released). */
  recordAttempt(attempt: AttemptRecord, outcome: AttemptOutcome): Promise<void>;
  attempts(deliveryId: string): Promise<AttemptRecord[]>;
  /** Every unfinished delivery of a subscription → dead (its endpoint is gone). */
  killUnfinished(subscriptionId: string, error: string): Promise<void>;
  /** Due again now, a new round of the schedule. */
  replay(id: string, now: number): Promise<void>;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: string;
  attempts: unknown;
  round_start: unknown;
  next_attempt_ms: unknown;
  last_status_code: unknown;
  last_error: string | null;
  created_ms: unknown;
  succeeded_ms: unknown;
}

interface AttemptRow {
  delivery_id: string;
  number: unknown;
  started_ms: unknown;
  request_headers: string;
  status_code: unknown;
  error: string | null;
  latency_ms: unknown;
  response_body: string | null;
}

const toDelivery = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id,
  subscriptionId: r.subscription_id,
  eventId: r.event_id,
  eventType: r.event_type,
  body: r.body,
  status: r.status as DeliveryStatus,
  attempts: int(r.attempts),
  roundStart: int(r.round_start),
  nextAttemptAt: intOrNull(r.next_attempt_ms),
  lastStatusCode: intOrNull(r.last_status_code),
  lastError: r.last_error,
  createdAt: int(r.created_ms),
  succeededAt: intOrNull(r.succeeded_ms),
});

const toAttempt = (r: AttemptRow): AttemptRecord => ({
  deliveryId: r.delivery_id,
  number: int(r.number),
  startedAt: int(r.started_ms),
  requestHeaders: JSON.parse(r.request_headers) as Record<string, string>,
  statusCode: intOrNull(r.status_code),
  error: r.error,
  latencyMs: int(r.latency_ms),
  responseBody: r.response_body,
});

const UNFINISHED = `('pending', 'failed')`;
const DELIVERY_COLUMNS = `d.id, d.subscription_id, d.event_id, d.event_type, d.body, d.status,
  d.attempts, d.round_start, d.next_attempt_ms, d.last_status_code, d.last_error, d.created_ms,
  d.succeeded_ms`;

export class SqlDeliveriesRepository implements DeliveriesRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async insertIfNew(d: DeliveryRecord): Promise<boolean> {
    const rows = await this.sql.rows(
      `INSERT INTO integrations_deliveries (id, subscription_id, event_id, event_type, body, status,
         attempts, round_start, next_attempt_ms, lease_until_ms, last_status_code, last_error,
         created_ms, succeeded_ms)
       VALUES (${Sql.list(14)})
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
  ): Promise<DeliveryRecord[]> {
    if (modes.length === 0) return [];
    const rows = await this.sql.rows<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM integrations_deliveries d
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
    return rows.map(toDelivery);
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
         succeeded_ms = COALESCE(?, succeeded_ms)
       WHERE id = ?`,
      [
        o.status,
        a.number,
        o.nextAttemptAt,
        o.lastStatusCode,
        o.lastError,
        o.succeededAt,
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

  async killUnfinished(subscriptionId: string, error: string): Promise<void> {
    await this.sql.run(
      `UPDATE integrations_deliveries SET status = 'dead', next_attempt_ms = NULL, last_error = ?
       WHERE subscription_id = ? AND status IN ${UNFINISHED}`,
      [error, subscriptionId],
    );
  }

  async replay(id: string, now: number): Promise<void> {
    await this.sql.run(
      `UPDATE integrations_deliveries SET status = 'pending', next_attempt_ms = ?,
         round_start = attempts
       WHERE id = ?`,
      [now, id],
    );
  }
}
