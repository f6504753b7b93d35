import type { SubscriptionFilters } from '@tidings/integrations/domain';
import { int, intOrNull, Sql, type Db } from '@tidings/platform/persistence';

export type SubscriptionMode = 'http' | 'socket';
export type SubscriptionStatus = 'active' | 'disabled';

export interface SubscriptionRecord {
  id: string;
  name: string;
  mode: SubscriptionMode;
  url: string | null;
  botId: string | null;
  webhookId: string | null;
  events: string[];
  filters: SubscriptionFilters;
  ordered: boolean;
  status: SubscriptionStatus;
  disabledReason: string | null;
  /** Sealed, never in clear. */
  secret: string;
  previousSecret: string | null;
  previousUntil: number | null;
  createdBy: string;
  createdAt: number;
}

/** What PATCH may change. */
export type SubscriptionChanges = Partial<
  Pick<
    SubscriptionRecord,
    'name' | 'url' | 'events' | 'filters' | 'ordered' | 'status' | 'disabledReason'
  >
>;

/** Outgoing subscriptions (integrations_subscriptions). */
export interface SubscriptionsRepository {
  insert(s: SubscriptionRecord): Promise<void>;
  find(id: string): Promise<SubscriptionRecord | undefined>;
  list(): Promise<SubscriptionRecord[]>;
  /** The active ones: what each bus event is matched against. */
  listActive(): Promise<SubscriptionRecord[]>;
  update(id: string, changes: SubscriptionChanges): Promise<void>;
  rotate(
    id: string,
    secret: string,
    previous: { secret: string; until: number } | null,
  ): Promise<void>;
  /** Deletes the subscription with its deliveries and their tries; answers whether it existed. */
  delete(id: string): Promise<boolean>;
}

interface Row {
  id: string;
  name: string;
  mode: string;
  url: string | null;
  bot_id: string | null;
  webhook_id: string | null;
  events: string;
  filters: string;
  ordered: unknown;
  status: string;
  disabled_reason: string | null;
  secret: string;
  previous_secret: string | null;
  previous_until_ms: unknown;
  created_by: string;
  created_ms: unknown;
}

const toRecord = (row: Row): SubscriptionRecord => ({
  id: row.id,
  name: row.name,
  mode: row.mode as SubscriptionMode,
  url: row.url,
  botId: row.bot_id,
  webhookId: row.webhook_id,
  events: JSON.parse(row.events) as string[],
  filters: JSON.parse(row.filters) as SubscriptionFilters,
  ordered: int(row.ordered) === 1,
  status: row.status as SubscriptionStatus,
  disabledReason: row.disabled_reason,
  secret: row.secret,
  previousSecret: row.previous_secret,
  previousUntil: intOrNull(row.previous_until_ms),
  createdBy: row.created_by,
  createdAt: int(row.created_ms),
});

const COLUMNS: Record<keyof SubscriptionChanges, (r: SubscriptionChanges) => [string, unknown]> = {
  name: (r) => ['name', r.name],
  url: (r) => ['url', r.url],
  events: (r) => ['events', JSON.stringify(r.events)],
  filters: (r) => ['filters', JSON.stringify(r.filters)],
  ordered: (r) => ['ordered', r.ordered ? 1 : 0],
  status: (r) => ['status', r.status],
  disabledReason: (r) => ['disabled_reason', r.disabledReason],
};

export class SqlSubscriptionsRepository implements SubscriptionsRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async insert(s: SubscriptionRecord): Promise<void> {
    await this.sql.run(
      `INSERT INTO integrations_subscriptions (id, name, mode, url, bot_id, webhook_id, events,
         filters, ordered, status, disabled_reason, secret, previous_secret, previous_until_ms,
         created_by, created_ms)
       VALUES (${Sql.list(16)})`,
      [
        s.id,
        s.name,
        s.mode,
        s.url,
        s.botId,
        s.webhookId,
        JSON.stringify(s.events),
        JSON.stringify(s.filters),
        s.ordered ? 1 : 0,
        s.status,
        s.disabledReason,
        s.secret,
        s.previousSecret,
        s.previousUntil,
        s.createdBy,
        s.createdAt,
      ],
    );
  }

  async find(id: string): Promise<SubscriptionRecord | undefined> {
    const row = await this.sql.one<Row>(`SELECT * FROM integrations_subscriptions WHERE id = ?`, [
      id,
    ]);
    return row && toRecord(row);
  }

  async list(): Promise<SubscriptionRecord[]> {
    const rows = await this.sql.rows<Row>(
      `SELECT * FROM integrations_subscriptions ORDER BY created_ms, id`,
    );
    return rows.map(toRecord);
  }

  async listActive(): Promise<SubscriptionRecord[]> {
    const rows = await this.sql.rows<Row>(
      `SELECT * FROM integrations_subscriptions WHERE status = 'active' ORDER BY created_ms, id`,
    );
    return rows.map(toRecord);
  }

  async update(id: string, changes: SubscriptionChanges): Promise<void> {
    const sets = (Object.keys(changes) as Array<keyof SubscriptionChanges>)
      .filter((key) => changes[key] !== undefined)
      .map((key) => COLUMNS[key](changes));
    if (sets.length === 0) return;
    await this.sql.run(
      `UPDATE integrations_subscriptions SET ${sets.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`,
      [...sets.map(([, v]) => v), id],
    );
  }

  async rotate(
    id: string,
    secret: string,
    previous: { secret: string; until: number } | null,
  ): Promise<void> {
    await this.sql.run(
      `UPDATE integrations_subscriptions SET secret = ?, previous_secret = ?, previous_until_ms = ?
       WHERE id = ?`,
      [secret, previous?.secret ?? null, previous?.until ?? null, id],
    );
  }

  async delete(id: string): Promise<boolean> {
    const gone = await this.sql.rows(
      `DELETE FROM integrations_subscriptions WHERE id = ? RETURNING id`,
      [id],
    );
    await this.sql.run(
      `DELETE FROM integrations_delivery_attempts WHERE delivery_id IN
         (SELECT id FROM integrations_deliveries WHERE subscription_id = ?)`,
      [id],
    );
    await this.sql.run(`DELETE FROM integrations_deliveries WHERE subscription_id = ?`, [id]);
    return gone.length > 0;
  }
}
