import { DETAIL, withParts, type DetailRow } from './message-parts';
import type { MessageDetail } from './records';
import { Sql, type Db } from './sql';

/** A page of a thread's replies by seq: after / before a seq (exclusive), or from the start. */
export interface ThreadPage {
  after?: number;
  before?: number;
  limit: number;
}

export interface ThreadRepository {
  /**
   * Counts a new reply on its root and records the replier as participant and follower (the
   * root's author follows too, unless they unfollowed). Answers false — changing nothing —
   * when the root was deleted meanwhile: the UPDATE's condition is evaluated under the root's
   * row lock, so a delete that committed first is seen.
   */
  addReply(
    root: { id: string; senderId: string },
    reply: { senderId: string; seq: number },
    at: number,
  ): Promise<boolean>;
  /** A reply was deleted: one fewer on its root (participants stay: they took part). */
  removeReply(rootId: string): Promise<void>;
  /** Replies, oldest first, and whether there are more on either side. */
  replies(
    rootId: string,
    page: ThreadPage,
    viewerId?: string,
  ): Promise<{ items: MessageDetail[]; hasOlder: boolean; hasNewer: boolean }>;
  /** Everyone who replied, in the order they first did. */
  participants(rootId: string): Promise<string[]>;
  /** Answers whether anything changed (following twice changes nothing). */
  setFollowing(rootId: string, userId: string, following: boolean, at: number): Promise<boolean>;
  followers(rootId: string): Promise<string[]>;
}

export class SqlThreadRepository implements ThreadRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async addReply(
    root: { id: string; senderId: string },
    reply: { senderId: string; seq: number },
    at: number,
  ) {
    const replier = reply.senderId;
    const bumped = await this.sql.rows(
      `UPDATE messaging_messages SET reply_count = reply_count + 1, last_reply_ms = ?
       WHERE id = ? AND deleted_ms IS NULL RETURNING id`,
      [at, root.id],
    );
    if (bumped.length === 0) return false;
    await this.sql.run(
      `INSERT INTO messaging_thread_participants (root_id, user_id, first_reply_ms, first_reply_seq)
       VALUES (?, ?, ?, ?) ON CONFLICT (root_id, user_id) DO NOTHING`,
      [root.id, replier, at, reply.seq],
    );
    // The author follows their thread from its first reply on — unless they said otherwise.
    await this.sql.run(
      `INSERT INTO messaging_thread_follows (root_id, user_id, following, changed_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (root_id, user_id) DO NOTHING`,
      [root.id, root.senderId, true, at],
    );
    // Replying is taking part again: it follows even after an unfollow, as in Slack.
    await this.setFollowing(root.id, replier, true, at);
    return true;
  }

  async removeReply(rootId: string) {
    await this.sql.run(
      'UPDATE messaging_messages SET reply_count = reply_count - 1 WHERE id = ? AND reply_count > 0',
      [rootId],
    );
  }

  async replies(rootId: string, page: ThreadPage, viewerId?: string) {
    // One more than asked tells whether there is more in the direction of reading.
    const newestFirst = page.before !== undefined;
    const rows = await this.sql.rows<DetailRow>(
      `${DETAIL} WHERE msg.thread_root_id = ?
         ${page.after !== undefined ? 'AND msg.seq > ?' : ''}
         ${page.before !== undefined ? 'AND msg.seq < ?' : ''}
       ORDER BY msg.seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT ?`,
      [
        rootId,
        ...(page.after !== undefined ? [page.after] : []),
        ...(page.before !== undefined ? [page.before] : []),
        page.limit + 1,
      ],
    );
    const more = rows.length > page.limit;
    const taken = rows.slice(0, page.limit);
    if (newestFirst) taken.reverse();
    const items = await withParts(this.sql, taken, viewerId);
    // The other side of a cursor: is there any reply at or beyond it?
    const behind = async (op: '<=' | '>=', seq: number | undefined) =>
      seq !== undefined &&
      (
        await this.sql.rows(
          `SELECT 1 AS x FROM messaging_messages WHERE thread_root_id = ? AND seq ${op} ? LIMIT 1`,
          [rootId, seq],
        )
      ).length > 0;
    return newestFirst
      ? { items, hasOlder: more, hasNewer: await behind('>=', page.before) }
      : { items, hasOlder: await behind('<=', page.after), hasNewer: more };
  }

  async participants(rootId: string) {
    const rows = await this.sql.rows<{ user_id: string }>(
      `SELECT user_id FROM messaging_thread_participants WHERE root_id = ?
       ORDER BY first_reply_seq, user_id`,
      [rootId],
    );
    return rows.map((r) => r.user_id);
  }

  async setFollowing(rootId: string, userId: string, following: boolean, at: number) {
    const changed = await this.sql.rows(
      `INSERT INTO messaging_thread_follows (root_id, user_id, following, changed_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (root_id, user_id) DO UPDATE SET following = excluded.following,
         changed_ms = excluded.changed_ms
       WHERE messaging_thread_follows.following <> excluded.following
       RETURNING user_id`,
      [rootId, userId, following, at],
    );
    return changed.length > 0;
  }

  async followers(rootId: string) {
    const rows = await this.sql.rows<{ user_id: string }>(
      `SELECT user_id FROM messaging_thread_follows WHERE root_id = ? AND following = ?
       ORDER BY changed_ms, user_id`,
      [rootId, true],
    );
    return rows.map((r) => r.user_id);
  }
}
