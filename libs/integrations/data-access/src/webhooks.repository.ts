import type { AuthMode, WebhookTarget } from '@tidings/integrations/domain';
import { int, intOrNull, Sql, type Db } from '@tidings/platform/persistence';

export interface WebhookRecord {
  id: string;
  displayName: string;
  avatarUrl: string | null;
  authMode: AuthMode;
  targets: WebhookTarget[];
  /** Hash (url mode) or sealed secret (standard, dingtalk) — never the secret in clear. */
  secret: string;
  previousSecret: string | null;
  previousUntil: number | null;
  ipAllowlist: string[];
  createdBy: string;
  createdAt: number;
}

export interface AcceptedRequest {
  messageId: string;
  webhookId: string;
  idempotencyKey: string | null;
  bodyHash: string;
  conversationId: string;
  createdAt: number;
}

interface WebhookRow {
  id: string;
  display_name: string;
  avatar_url: string | null;
  auth_mode: string;
  targets: string;
  secret: string;
  previous_secret: string | null;
  previous_until_ms: unknown;
  ip_allowlist: string;
  created_by: string;
  created_ms: unknown;
}

interface RequestRow {
  message_id: string;
  webhook_id: string;
  idempotency_key: string | null;
  body_hash: string;
  conversation_id: string;
  created_ms: unknown;
}

const toWebhook = (row: WebhookRow): WebhookRecord => ({
  id: row.id,
  displayName: row.display_name,
  avatarUrl: row.avatar_url,
  authMode: row.auth_mode as AuthMode,
  targets: JSON.parse(row.targets) as WebhookTarget[],
  secret: row.secret,
  previousSecret: row.previous_secret,
  previousUntil: intOrNull(row.previous_until_ms),
  ipAllowlist: JSON.parse(row.ip_allowlist) as string[],
  createdBy: row.created_by,
  createdAt: int(row.created_ms),
});

const toRequest = (row: RequestRow): AcceptedRequest => ({
  messageId: row.message_id,
  webhookId: row.webhook_id,
  idempotencyKey: row.idempotency_key,
  bodyHash: row.body_hash,
  conversationId: row.conversation_id,
  createdAt: int(row.created_ms),
});

/** Integrations' tables, in hand-written SQL on both databases. */
export class WebhooksRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async insert(w: WebhookRecord): Promise<void> {
    await this.sql.run(
      `INSERT INTO integrations_webhooks (id, display_name, avatar_url, auth_mode, targets, secret,
         previous_secret, previous_until_ms, ip_allowlist, created_by, created_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        w.id,
        w.displayName,
        w.avatarUrl,
        w.authMode,
        JSON.stringify(w.targets),
        w.secret,
        w.previousSecret,
        w.previousUntil,
        JSON.stringify(w.ipAllowlist),
        w.createdBy,
        w.createdAt,
      ],
    );
  }

  async find(id: string): Promise<WebhookRecord | undefined> {
    const row = await this.sql.one<WebhookRow>(`SELECT * FROM integrations_webhooks WHERE id = ?`, [
      id,
    ]);
    return row && toWebhook(row);
  }

  async list(): Promise<WebhookRecord[]> {
    const rows = await this.sql.rows<WebhookRow>(
      `SELECT * FROM integrations_webhooks ORDER BY created_ms, id`,
    );
    return rows.map(toWebhook);
  }

  async rotate(
    id: string,
    secret: string,
    previous: { secret: string; until: number } | null,
  ): Promise<void> {
    await this.sql.run(
      `UPDATE integrations_webhooks SET secret = ?, previous_secret = ?, previous_until_ms = ?
       WHERE id = ?`,
      [secret, previous?.secret ?? null, previous?.until ?? null, id],
    );
  }

  /** Deletes the webhook and what it accepted; answers whether it existed. */
  async delete(id: string): Promise<boolean> {
    const gone = await this.sql.rows(
      `DELETE FROM integrations_webhooks WHERE id = ? RETURNING id`,
      [id],
    );
    await this.sql.run(`DELETE FROM integrations_webhook_messages WHERE webhook_id = ?`, [id]);
    return gone.length > 0;
  }

  async insertRequest(r: AcceptedRequest): Promise<void> {
    await this.sql.run(
      `INSERT INTO integrations_webhook_messages (message_id, webhook_id, idempotency_key,
         body_hash, conversation_id, created_ms) VALUES (?, ?, ?, ?, ?, ?)`,
      [r.messageId, r.webhookId, r.idempotencyKey, r.bodyHash, r.conversationId, r.createdAt],
    );
  }

  async requestByKey(webhookId: string, key: string): Promise<AcceptedRequest | undefined> {
    const row = await this.sql.one<RequestRow>(
      `SELECT * FROM integrations_webhook_messages WHERE webhook_id = ? AND idempotency_key = ?`,
      [webhookId, key],
    );
    return row && toRequest(row);
  }

  /**
   * Deletes up to `limit` accepted requests older than `before` (retention: their
   * idempotency keys stop answering, and so does the status route for their messages); answers
   * how many. Call again until it answers less than `limit`.
   */
  async pruneRequests(before: number, limit: number): Promise<number> {
    // Counted with RETURNING: through TypeORM, SQLite does not report a DELETE's row count.
    const gone = await this.sql.rows(
      `DELETE FROM integrations_webhook_messages WHERE message_id IN (
         SELECT message_id FROM integrations_webhook_messages WHERE created_ms < ? LIMIT ?)
       RETURNING message_id`,
      [before, limit],
    );
    return gone.length;
  }

  async requestByMessage(
    webhookId: string,
    messageId: string,
  ): Promise<AcceptedRequest | undefined> {
    const row = await this.sql.one<RequestRow>(
      `SELECT * FROM integrations_webhook_messages WHERE webhook_id = ? AND message_id = ?`,
      [webhookId, messageId],
    );
    return row && toRequest(row);
  }
}
