import { scopeKey, type ConversationKind, type RetentionPolicy } from '@tidings/audit/domain';
import { int, Sql, type Db } from '@tidings/platform/persistence';

/** Retention policies (audit_retention_policies). */
export interface RetentionPolicyRepository {
  /** Oldest first. */
  list(): Promise<RetentionPolicy[]>;
  find(id: string): Promise<RetentionPolicy | undefined>;
  findByScope(scope: RetentionPolicy['scope']): Promise<RetentionPolicy | undefined>;
  /** Inserts; false when a policy for the scope exists already (nothing changed). */
  insert(policy: RetentionPolicy): Promise<boolean>;
  /** Sets the days; false when there is no such policy. */
  setDays(id: string, days: number): Promise<boolean>;
  /** Answers the policy deleted, or undefined when there was none. */
  delete(id: string): Promise<RetentionPolicy | undefined>;
}

interface Row {
  id: string;
  conversation_kind: string | null;
  conversation_id: string | null;
  delete_after_days: unknown;
  created_by: string;
  created_ms: unknown;
}

const toPolicy = (row: Row): RetentionPolicy => ({
  id: row.id,
  scope:
    row.conversation_id !== null
      ? { conversationId: row.conversation_id }
      : { conversationKind: row.conversation_kind as ConversationKind },
  deleteContentAfterDays: int(row.delete_after_days),
  createdBy: row.created_by,
  createdAt: int(row.created_ms),
});

export class SqlRetentionPolicyRepository implements RetentionPolicyRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async list() {
    const rows = await this.sql.rows<Row>(
      'SELECT * FROM audit_retention_policies ORDER BY created_ms, id',
    );
    return rows.map(toPolicy);
  }

  async find(id: string) {
    const row = await this.sql.one<Row>('SELECT * FROM audit_retention_policies WHERE id = ?', [
      id,
    ]);
    return row ? toPolicy(row) : undefined;
  }

  async findByScope(scope: RetentionPolicy['scope']) {
    const row = await this.sql.one<Row>(
      'SELECT * FROM audit_retention_policies WHERE scope_key = ?',
      [scopeKey(scope)],
    );
    return row ? toPolicy(row) : undefined;
  }

  async insert(p: RetentionPolicy) {
    // ON CONFLICT DO NOTHING: two PUTs for one scope at once — one inserts, the other updates.
    const rows = await this.sql.rows(
      `INSERT INTO audit_retention_policies (id, scope_key, conversation_kind, conversation_id,
         delete_after_days, created_by, created_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope_key) DO NOTHING RETURNING id`,
      [
        p.id,
        scopeKey(p.scope),
        'conversationKind' in p.scope ? p.scope.conversationKind : null,
        'conversationId' in p.scope ? p.scope.conversationId : null,
        p.deleteContentAfterDays,
        p.createdBy,
        p.createdAt,
      ],
    );
    return rows.length > 0;
  }

  async setDays(id: string, days: number) {
    const rows = await this.sql.rows(
      'UPDATE audit_retention_policies SET delete_after_days = ? WHERE id = ? RETURNING id',
      [days, id],
    );
    return rows.length > 0;
  }

  async delete(id: string) {
    const rows = await this.sql.rows<Row>(
      'DELETE FROM audit_retention_policies WHERE id = ? RETURNING *',
      [id],
    );
    return rows[0] ? toPolicy(rows[0]) : undefined;
  }
}
