import {
  toConversation,
  toMember,
  type ConversationRow,
  type MemberRow,
} from './conversations.repository';
import type { ConversationRecord, MemberRecord } from './records';
import { int, Sql, type Db } from './sql';

export interface UnreadCounts {
  /**
   * Messages after the reader's position, not their own, not deleted, not system notices
   * ("bob joined" is no reason for a badge) — except a missed call, which is (its sender is the
   * caller, so it counts for the callees only).
   */
  unread: number;
  /** Those of them that mention the reader by name, or everyone (@all, @channel, @here). */
  mentions: number;
}

/** Where a page of a member's conversation list ends: the last item's activity time and id. */
export interface ListCursor {
  activityAt: number;
  id: string;
}

export interface ReadingRepository {
  /** The user's active memberships, most recently active conversation first. */
  conversationsOf(
    userId: string,
    page: { limit: number; after?: ListCursor },
  ): Promise<Array<{ conversation: ConversationRecord; member: MemberRecord }>>;
  /** Unread and mention counts of `userId` in each conversation (absent: none unread). */
  counts(userId: string, conversationIds: readonly string[]): Promise<Map<string, UnreadCounts>>;
  /** Active member ids per conversation (for direct and group conversations in a list). */
  activeMemberIds(conversationIds: readonly string[]): Promise<Map<string, string[]>>;
}

export class SqlReadingRepository implements ReadingRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async conversationsOf(userId: string, page: { limit: number; after?: ListCursor }) {
    const after = page.after;
    const rows = await this.sql.rows<
      ConversationRow & { m_role: string; m_joined: unknown; m_read: unknown; m_muted: unknown }
    >(
      `SELECT c.*, m.role AS m_role, m.joined_ms AS m_joined, m.last_read_seq AS m_read,
              m.muted AS m_muted
       FROM messaging_members m JOIN messaging_conversations c ON c.id = m.conversation_id
       WHERE m.user_id = ? AND m.status = 'active'
       ${after ? 'AND (c.last_activity_ms < ? OR (c.last_activity_ms = ? AND c.id < ?))' : ''}
       ORDER BY c.last_activity_ms DESC, c.id DESC LIMIT ?`,
      after
        ? [userId, after.activityAt, after.activityAt, after.id, page.limit]
        : [userId, page.limit],
    );
    return rows.map((row) => ({
      conversation: toConversation(row),
      member: toMember({
        conversation_id: row.id,
        user_id: userId,
        role: row.m_role,
        status: 'active',
        joined_ms: row.m_joined,
        last_read_seq: row.m_read,
        muted: row.m_muted,
      } satisfies MemberRow),
    }));
  }

  async counts(userId: string, conversationIds: readonly string[]) {
    const result = new Map<string, UnreadCounts>();
    if (conversationIds.length === 0) return result;
    // One pass over each conversation's unread tail (the (conversation_id, seq) unique index
    // finds it); a mention is a broadcast or a mention row for the reader.
    const rows = await this.sql.rows<{ cid: string; unread: unknown; mentions: unknown }>(
      `SELECT msg.conversation_id AS cid, COUNT(*) AS unread,
         SUM(CASE WHEN msg.broadcast IS NOT NULL OR EXISTS (
               SELECT 1 FROM messaging_message_mentions mm
               WHERE mm.message_id = msg.id AND mm.user_id = m.user_id)
             THEN 1 ELSE 0 END) AS mentions
       FROM messaging_members m
       JOIN messaging_messages msg
         ON msg.conversation_id = m.conversation_id AND msg.seq > m.last_read_seq
       WHERE m.user_id = ? AND m.conversation_id IN (${Sql.list(conversationIds.length)})
         AND msg.sender_id <> m.user_id AND msg.deleted_ms IS NULL
         AND (msg.system_type IS NULL OR msg.system_type = 'call.missed')
       GROUP BY msg.conversation_id`,
      [userId, ...conversationIds],
    );
    for (const row of rows)
      result.set(row.cid, { unread: int(row.unread), mentions: int(row.mentions) });
    return result;
  }

  async activeMemberIds(conversationIds: readonly string[]) {
    const result = new Map<string, string[]>();
    if (conversationIds.length === 0) return result;
    const rows = await this.sql.rows<{ conversation_id: string; user_id: string }>(
      `SELECT conversation_id, user_id FROM messaging_members
       WHERE status = 'active' AND conversation_id IN (${Sql.list(conversationIds.length)})
       ORDER BY joined_ms, user_id`,
      [...conversationIds],
    );
    for (const r of rows)
      result.set(r.conversation_id, [...(result.get(r.conversation_id) ?? []), r.user_id]);
    return result;
  }
}
