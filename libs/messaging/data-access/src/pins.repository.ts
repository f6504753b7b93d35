import { DETAIL, withParts, type DetailRow } from './message-parts';
import type { MessageDetail } from './records';
import { Sql, type Db } from './sql';

/** Where a page of pins ends: the last pin's time and message id (newest first). */
export interface PinCursor {
  pinnedAt: number;
  messageId: string;
}

export interface PinRepository {
  /** Answers false when the message was pinned already (the primary key decides). */
  pin(conversationId: string, messageId: string, by: string, at: number): Promise<boolean>;
  /** Answers false when it was not pinned. */
  unpin(messageId: string): Promise<boolean>;
  /** A conversation's pinned messages, most recently pinned first. */
  list(
    conversationId: string,
    page: { limit: number; after?: PinCursor },
    viewerId?: string,
  ): Promise<MessageDetail[]>;
}

export class SqlPinRepository implements PinRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async pin(conversationId: string, messageId: string, by: string, at: number) {
    const inserted = await this.sql.rows(
      `INSERT INTO messaging_pins (message_id, conversation_id, pinned_by, pinned_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
      [messageId, conversationId, by, at],
    );
    return inserted.length > 0;
  }

  async unpin(messageId: string) {
    const removed = await this.sql.rows(
      'DELETE FROM messaging_pins WHERE message_id = ? RETURNING message_id',
      [messageId],
    );
    return removed.length > 0;
  }

  async list(
    conversationId: string,
    page: { limit: number; after?: PinCursor },
    viewerId?: string,
  ) {
    const after = page.after;
    const rows = await this.sql.rows<DetailRow>(
      `${DETAIL} WHERE p.conversation_id = ?
       ${after ? 'AND (p.pinned_ms < ? OR (p.pinned_ms = ? AND p.message_id < ?))' : ''}
       ORDER BY p.pinned_ms DESC, p.message_id DESC LIMIT ?`,
      after
        ? [conversationId, after.pinnedAt, after.pinnedAt, after.messageId, page.limit]
        : [conversationId, page.limit],
    );
    return withParts(this.sql, rows, viewerId);
  }
}
