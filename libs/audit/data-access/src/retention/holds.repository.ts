import type { LegalHold } from '@tidings/audit/domain';
import { int, Sql, type Db } from '@tidings/platform/persistence';

/** Legal holds (audit_legal_holds). */
export interface LegalHoldRepository {
  /** Oldest first. */
  list(): Promise<LegalHold[]>;
  find(id: string): Promise<LegalHold | undefined>;
  insert(hold: LegalHold): Promise<void>;
  /** Answers the hold released, or undefined when there was none. */
  delete(id: string): Promise<LegalHold | undefined>;
}

interface Row {
  id: string;
  user_id: string | null;
  conversation_id: string | null;
  reason: string;
  created_by: string;
  created_ms: unknown;
}

const toHold = (row: Row): LegalHold => ({
  id: row.id,
  target:
    row.user_id !== null ? { userId: row.user_id } : { conversationId: row.conversation_id ?? '' },
  reason: row.reason,
  createdBy: row.created_by,
  createdAt: int(row.created_ms),
});

export class SqlLegalHoldRepository implements LegalHoldRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async list() {
    const rows = await this.sql.rows<Row>(
      'SELECT * FROM audit_legal_holds ORDER BY created_ms, id',
    );
    return rows.map(toHold);
  }

  async find(id: string) {
    const row = await this.sql.one<Row>('SELECT * FROM audit_legal_holds WHERE id = ?', [id]);
    return row ? toHold(row) : undefined;
  }

  async insert(h: LegalHold) {
    await this.sql.run(
      `INSERT INTO audit_legal_holds (id, user_id, conversation_id, reason, created_by, created_ms)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [
        h.id,
        'userId' in h.target ? h.target.userId : null,
        'conversationId' in h.target ? h.target.conversationId : null,
        h.reason,
        h.createdBy,
        h.createdAt,
      ],
    );
  }

  async delete(id: string) {
    const rows = await this.sql.rows<Row>(
      'DELETE FROM audit_legal_holds WHERE id = ? RETURNING *',
      [id],
    );
    return rows[0] ? toHold(rows[0]) : undefined;
  }
}
