import { OutboxTransactionRunner, type TransactionRunner, type Tx } from '@tidings/platform/bus';
import type { DataSource } from 'typeorm';
import { int, Sql } from './sql';

/** One bus event to fan out: its payload serialized once, and who receives it. */
export interface NewDelivery {
  /** The envelope id: a redelivered event is recognised by it and not stored twice. */
  sourceEventId: string;
  type: string;
  /** The event's `data` as JSON text. */
  payload: string;
  /** When the event happened (ms since epoch). */
  occurredAt: number;
  recipients: readonly string[];
}

/** A stored delivery: the event and each recipient's seq for it. */
export interface AppendedDelivery {
  delivery: NewDelivery;
  seqs: Array<{ userId: string; seq: number }>;
}

/** One event of a user's stream, as replayed on resume. */
export interface StoredEvent {
  seq: number;
  type: string;
  payload: string;
  occurredAt: number;
}

export interface PruneResult {
  userEvents: number;
  events: number;
}

/** The gateway's delivery store (tables `gateway_*`; see migrations.ts). */
export interface DeliveryStore {
  /**
   * Stores a batch in one transaction: each new event once, and the next seq of each of its
   * recipients. Events already stored (same source id) are skipped and not answered.
   * `alsoInTransaction` runs in that same transaction with what was stored (to publish delivery
   * records through the gateway's outbox: they commit together or not at all).
   */
  append(
    batch: readonly NewDelivery[],
    alsoInTransaction?: (tx: Tx, appended: readonly AppendedDelivery[]) => void,
  ): Promise<AppendedDelivery[]>;
  /** The user's newest seq (0: none) and oldest retained seq (undefined: none retained). */
  position(userId: string): Promise<{ currentSeq: number; oldestSeq: number | undefined }>;
  /** The user's stored events after `afterSeq`, in seq order, at most `limit`. */
  after(userId: string, afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Drops user events older than `before` (ms) or beyond the newest `keepPerUser`. */
  prune(options: { before: number; keepPerUser: number }): Promise<PruneResult>;
}

// The fan-out's three statements (see appendIn), each for one row or, on PostgreSQL, many.
const INSERT_EVENTS =
  'INSERT INTO gateway_events (source_event_id, event_type, payload, occurred_ms, created_ms) VALUES';
const EVENTS_CONFLICT = 'ON CONFLICT (source_event_id) DO NOTHING RETURNING id, source_event_id';
const UPSERT_SEQS = 'INSERT INTO gateway_user_seqs (user_id, last_seq) VALUES';
const SEQS_CONFLICT = `ON CONFLICT (user_id) DO UPDATE SET last_seq = gateway_user_seqs.last_seq + excluded.last_seq
  RETURNING user_id, last_seq`;
const INSERT_USER_EVENTS =
  'INSERT INTO gateway_user_events (user_id, seq, event_id, created_ms) VALUES';

export class SqlDeliveryStore implements DeliveryStore {
  private readonly transactions: TransactionRunner;

  /** `transactions`: the `gateway` outbox's runner (the host's bus wakes its relay on commit). */
  constructor(
    private readonly dataSource: DataSource,
    transactions?: TransactionRunner,
  ) {
    this.transactions = transactions ?? new OutboxTransactionRunner(dataSource, 'gateway');
  }

  append(
    batch: readonly NewDelivery[],
    alsoInTransaction?: (tx: Tx, appended: readonly AppendedDelivery[]) => void,
  ): Promise<AppendedDelivery[]> {
    const unique = [...new Map(batch.map((d) => [d.sourceEventId, d])).values()].filter(
      (d) => d.recipients.length > 0,
    );
    if (unique.length === 0) return Promise.resolve([]);
    return this.transactions.run(async (tx) => {
      const appended = await this.appendIn(tx, unique);
      if (appended.length > 0) alsoInTransaction?.(tx, appended);
      return appended;
    });
  }

  private async appendIn(tx: Tx, unique: readonly NewDelivery[]): Promise<AppendedDelivery[]> {
    const { manager } = tx;
    const sql = new Sql(manager);
    const now = Date.now();
    // 1. The payloads, once each; ON CONFLICT skips events already fanned out (redelivery).
    const inserted = new Map<string, number>();
    const events = await sql.perRow<{ id: unknown; source_event_id: string }>(
      `${INSERT_EVENTS} ${Sql.rows(1, 5)} ${EVENTS_CONFLICT}`,
      (n) => `${INSERT_EVENTS} ${Sql.rows(n, 5)} ${EVENTS_CONFLICT}`,
      unique.map((d) => [d.sourceEventId, d.type, d.payload, d.occurredAt, now]),
    );
    for (const row of events) inserted.set(row.source_event_id, int(row.id));
    const fresh = unique.filter((d) => inserted.has(d.sourceEventId));
    if (fresh.length === 0) return [];

    // 2. Each recipient's seq moves by the number of events they get, under the row's lock.
    //    Users in sorted order: two writers lock rows in the same order, never in a cycle.
    const counts = new Map<string, number>();
    for (const d of fresh) for (const u of d.recipients) counts.set(u, (counts.get(u) ?? 0) + 1);
    const users = [...counts.keys()].sort();
    const next = new Map<string, number>();
    const seqs = await sql.perRow<{ user_id: string; last_seq: unknown }>(
      `${UPSERT_SEQS} ${Sql.rows(1, 2)} ${SEQS_CONFLICT}`,
      (n) => `${UPSERT_SEQS} ${Sql.rows(n, 2)} ${SEQS_CONFLICT}`,
      users.map((u) => [u, counts.get(u)]),
    );
    for (const row of seqs) {
      next.set(row.user_id, int(row.last_seq) - (counts.get(row.user_id) ?? 0) + 1);
    }

    // 3. The users' rows, seqs handed out in batch order (which is bus order per conversation).
    const appended: AppendedDelivery[] = [];
    const userRows: unknown[][] = [];
    for (const delivery of fresh) {
      const eventId = inserted.get(delivery.sourceEventId);
      const seqs = delivery.recipients.map((userId) => {
        const seq = next.get(userId) as number;
        next.set(userId, seq + 1);
        userRows.push([userId, seq, eventId, now]);
        return { userId, seq };
      });
      appended.push({ delivery, seqs });
    }
    await sql.perRow(
      `${INSERT_USER_EVENTS} ${Sql.rows(1, 4)}`,
      (n) => `${INSERT_USER_EVENTS} ${Sql.rows(n, 4)}`,
      userRows,
    );
    return appended;
  }

  async position(userId: string) {
    const sql = new Sql(this.dataSource);
    const [seqRow] = await sql.rows<{ last_seq: unknown }>(
      'SELECT last_seq FROM gateway_user_seqs WHERE user_id = ?',
      [userId],
    );
    const [oldestRow] = await sql.rows<{ oldest: unknown }>(
      'SELECT MIN(seq) AS oldest FROM gateway_user_events WHERE user_id = ?',
      [userId],
    );
    const oldest = oldestRow?.oldest;
    return {
      currentSeq: seqRow ? int(seqRow.last_seq) : 0,
      oldestSeq: oldest === null || oldest === undefined ? undefined : int(oldest),
    };
  }

  async after(userId: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
    const rows = await new Sql(this.dataSource).rows<{
      seq: unknown;
      event_type: string;
      payload: string;
      occurred_ms: unknown;
    }>(
      `SELECT ue.seq, e.event_type, e.payload, e.occurred_ms
         FROM gateway_user_events ue JOIN gateway_events e ON e.id = ue.event_id
        WHERE ue.user_id = ? AND ue.seq > ?
        ORDER BY ue.seq LIMIT ?`,
      [userId, afterSeq, limit],
    );
    return rows.map((r) => ({
      seq: int(r.seq),
      type: r.event_type,
      payload: r.payload,
      occurredAt: int(r.occurred_ms),
    }));
  }

  /**
   * Both cuts remove the oldest part of a user's stream, so what stays is contiguous and a
   * resume can tell from the oldest retained seq whether it missed anything. (Should clocks of
   * two fan-out workers disagree, the age cut could leave a hole; a replay that meets one
   * answers `resync`.) A payload goes once no user holds it and it is past the window — kept
   * that long, its unique source id also stops a late redelivery from being fanned out again.
   */
  async prune({ before, keepPerUser }: { before: number; keepPerUser: number }) {
    const sql = new Sql(this.dataSource);
    // Counted with RETURNING: through TypeORM, SQLite does not report a DELETE's row count.
    // The age cut by payload id (the newest payload older than `before`): user rows have no
    // index on their own time, and ids grow with it.
    const aged = await sql.rows(
      `DELETE FROM gateway_user_events
        WHERE event_id <= (SELECT MAX(id) FROM gateway_events WHERE created_ms < ?)
        RETURNING seq`,
      [before],
    );
    const capped = await sql.rows(
      `DELETE FROM gateway_user_events
        WHERE seq <= (SELECT s.last_seq FROM gateway_user_seqs s
                       WHERE s.user_id = gateway_user_events.user_id) - ?
        RETURNING seq`,
      [keepPerUser],
    );
    const events = await sql.rows(
      `DELETE FROM gateway_events WHERE created_ms < ?
          AND NOT EXISTS (SELECT 1 FROM gateway_user_events ue WHERE ue.event_id = gateway_events.id)
        RETURNING id`,
      [before],
    );
    return { userEvents: aged.length + capped.length, events: events.length };
  }
}
