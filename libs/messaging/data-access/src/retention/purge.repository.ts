import type { ConversationKind } from '@tidings/messaging/domain';
import { chunk, int, Sql, type Db } from '../sql';

/** Which messages a retention purge takes: every part narrows (AND). */
export interface PurgeCriteria {
  /** Only this conversation (a per-conversation policy); null: any. */
  conversationId: string | null;
  /** Only conversations of this kind (a policy by kind); null: any. */
  conversationKind: ConversationKind | null;
  /** Messages created strictly before this time (epoch ms). */
  before: number;
  /** Senders whose messages stay (users under legal hold). */
  exceptSenders: readonly string[];
  /** Conversations whose messages stay (under legal hold, or with a policy of their own). */
  exceptConversations: readonly string[];
}

/** Where a walk over candidates stopped: the last one's time and id (oldest first). */
export interface PurgeCursor {
  createdAt: number;
  id: string;
}

export interface PurgeCandidate {
  id: string;
  createdAt: number;
}

/** A message whose content was just purged. */
export interface PurgedMessage {
  id: string;
  conversationId: string;
  seq: number;
  threadRootId: string | null;
}

export interface RetentionPurgeRepository {
  /**
   * Live messages people, bots and integrations sent that match, oldest first, after `after`,
   * at most `limit`. System notices are not content and are never candidates.
   */
  candidates(
    criteria: PurgeCriteria,
    after: PurgeCursor | undefined,
    limit: number,
  ): Promise<PurgeCandidate[]>;
  /**
   * Purges the messages of `ids` that are still live: text, card, broadcast, edit history,
   * mentions, attachment references, reactions and pin go; the row stays as a tombstone
   * (deleted and purged at `at`). A reply no longer counts on its root. Answers those purged.
   */
  purge(ids: readonly string[], at: number): Promise<PurgedMessage[]>;
}

/** Ids per IN list: well under both databases' bound-parameter limits. */
const IDS_PER_STATEMENT = 500;

/** The tables that hang off a message by `message_id` and hold (or point at) its content. */
const CONTENT_TABLES = [
  'messaging_message_files',
  'messaging_message_mentions',
  'messaging_message_edits',
  'messaging_reactions',
  'messaging_pins',
];

export class SqlRetentionPurgeRepository implements RetentionPurgeRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async candidates(c: PurgeCriteria, after: PurgeCursor | undefined, limit: number) {
    const where = ['msg.deleted_ms IS NULL', 'msg.system_type IS NULL', 'msg.created_ms < ?'];
    const params: unknown[] = [c.before];
    if (c.conversationId !== null) {
      where.push('msg.conversation_id = ?');
      params.push(c.conversationId);
    }
    if (c.conversationKind !== null) {
      where.push('msg.conversation_id IN (SELECT id FROM messaging_conversations WHERE kind = ?)');
      params.push(c.conversationKind);
    }
    if (c.exceptSenders.length > 0) {
      where.push(`msg.sender_id NOT IN (${Sql.list(c.exceptSenders.length)})`);
      params.push(...c.exceptSenders);
    }
    if (c.exceptConversations.length > 0) {
      where.push(`msg.conversation_id NOT IN (${Sql.list(c.exceptConversations.length)})`);
      params.push(...c.exceptConversations);
    }
    if (after) {
      where.push('(msg.created_ms > ? OR (msg.created_ms = ? AND msg.id > ?))');
      params.push(after.createdAt, after.createdAt, after.id);
    }
    params.push(limit);
    // Oldest first along (created_ms, id), the index search pages use too.
    const rows = await this.sql.rows<{ id: string; created_ms: unknown }>(
      `SELECT msg.id, msg.created_ms FROM messaging_messages msg
       WHERE ${where.join(' AND ')}
       ORDER BY msg.created_ms, msg.id LIMIT ?`,
      params,
    );
    return rows.map((r) => ({ id: r.id, createdAt: int(r.created_ms) }));
  }

  async purge(ids: readonly string[], at: number) {
    const purged: PurgedMessage[] = [];
    for (const part of chunk(ids, IDS_PER_STATEMENT)) {
      // `deleted_ms IS NULL` again: a message deleted since it was chosen keeps its deletion
      // (and says nothing twice). The card's version stays, so no older card can come back.
      const rows = await this.sql.rows<{
        id: string;
        conversation_id: string;
        seq: unknown;
        thread_root_id: string | null;
      }>(
        `UPDATE messaging_messages SET text = '', broadcast = NULL, card = NULL, deleted_ms = ?,
           deleted_by = NULL, purged_ms = ?
         WHERE id IN (${Sql.list(part.length)}) AND deleted_ms IS NULL
         RETURNING id, conversation_id, seq, thread_root_id`,
        [at, at, ...part],
      );
      purged.push(
        ...rows.map((r) => ({
          id: r.id,
          conversationId: r.conversation_id,
          seq: int(r.seq),
          threadRootId: r.thread_root_id,
        })),
      );
    }
    for (const part of chunk(
      purged.map((m) => m.id),
      IDS_PER_STATEMENT,
    ))
      for (const table of CONTENT_TABLES)
        await this.sql.run(
          `DELETE FROM ${table} WHERE message_id IN (${Sql.list(part.length)})`,
          part,
        );
    await this.uncountReplies(purged);
    // RETURNING gives no order on PostgreSQL: events go out in seq order per conversation.
    return purged.sort((a, b) =>
      a.conversationId === b.conversationId
        ? a.seq - b.seq
        : a.conversationId < b.conversationId
          ? -1
          : 1,
    );
  }

  /** As a deletion does: the root's reply count drops; its thread (participants) stays. */
  private async uncountReplies(purged: readonly PurgedMessage[]) {
    const perRoot = new Map<string, number>();
    for (const m of purged)
      if (m.threadRootId) perRoot.set(m.threadRootId, (perRoot.get(m.threadRootId) ?? 0) + 1);
    for (const [rootId, n] of perRoot)
      await this.sql.run(
        `UPDATE messaging_messages
         SET reply_count = CASE WHEN reply_count > ? THEN reply_count - ? ELSE 0 END
         WHERE id = ?`,
        [n, n, rootId],
      );
  }
}

/** The purge repository over a data source or a transaction's manager. */
export function retentionPurge(db: Db): RetentionPurgeRepository {
  return new SqlRetentionPurgeRepository(db);
}
