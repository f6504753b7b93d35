import { Sql, type Db } from './sql';

export interface ReactionRepository {
  /**
   * Adds one reaction; answers false when the person already reacted so. The primary key
   * (message, user, emoji) decides: on PostgreSQL a concurrent identical insert waits for the
   * first to commit and then does nothing, so five taps make one row and one event.
   */
  add(messageId: string, userId: string, emoji: string, at: number): Promise<boolean>;
  /** Answers false when there was no such reaction. */
  remove(messageId: string, userId: string, emoji: string): Promise<boolean>;
  /** Who reacted with each emoji, in the order they did (for "who reacted" lists). */
  users(messageId: string): Promise<Array<{ emoji: string; userIds: string[] }>>;
}

export class SqlReactionRepository implements ReactionRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async add(messageId: string, userId: string, emoji: string, at: number) {
    const inserted = await this.sql.rows(
      `INSERT INTO messaging_reactions (message_id, user_id, emoji, created_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (message_id, user_id, emoji) DO NOTHING RETURNING user_id`,
      [messageId, userId, emoji, at],
    );
    return inserted.length > 0;
  }

  async remove(messageId: string, userId: string, emoji: string) {
    const removed = await this.sql.rows(
      `DELETE FROM messaging_reactions WHERE message_id = ? AND user_id = ? AND emoji = ?
       RETURNING user_id`,
      [messageId, userId, emoji],
    );
    return removed.length > 0;
  }

  async users(messageId: string) {
    const rows = await this.sql.rows<{ emoji: string; user_id: string }>(
      `SELECT emoji, user_id FROM messaging_reactions WHERE message_id = ?
       ORDER BY created_ms, user_id`,
      [messageId],
    );
    const byEmoji = new Map<string, string[]>();
    for (const r of rows) byEmoji.set(r.emoji, [...(byEmoji.get(r.emoji) ?? []), r.user_id]);
    return [...byEmoji].map(([emoji, userIds]) => ({ emoji, userIds }));
  }
}
