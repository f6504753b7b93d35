import { int, intOrNull, Sql, type Db } from './sql';

/** Where a page of the channel directory ends: the last entry's sort key and id. */
export interface ChannelDirectoryCursor {
  /** The name as the database sorts it (lower-cased), taken from the row, never recomputed. */
  nameKey: string;
  id: string;
}

export interface ChannelDirectoryCriteria {
  /** Whose `joined` flag to answer. */
  viewerId: string;
  /** Part of the name to find (any position; case-insensitive), or null for every channel. */
  contains: string | null;
  includeArchived: boolean;
  after?: ChannelDirectoryCursor;
  limit: number;
}

export interface ChannelDirectoryEntry {
  id: string;
  name: string;
  topic: string | null;
  purpose: string | null;
  memberCount: number;
  createdAt: number;
  lastActivityAt: number;
  archivedAt: number | null;
  /** The viewer is an active member. */
  joined: boolean;
  nameKey: string;
}

/**
 * The public channels of the workspace, for browsing and joining (docs/messaging.md "Channel
 * directory"). Never private channels — not even the viewer's own, which their conversation
 * list shows — and never direct or group conversations.
 */
export interface ChannelDirectoryRepository {
  list(criteria: ChannelDirectoryCriteria): Promise<ChannelDirectoryEntry[]>;
}

/** `%`, `_` and the escape character itself taken literally in a LIKE pattern. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface EntryRow {
  id: string;
  name: string;
  topic: string | null;
  purpose: string | null;
  member_count: unknown;
  created_ms: unknown;
  last_activity_ms: unknown;
  archived_ms: unknown;
  name_key: string;
  member_id: string | null;
}

export class SqlChannelDirectoryRepository implements ChannelDirectoryRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async list(c: ChannelDirectoryCriteria): Promise<ChannelDirectoryEntry[]> {
    // The sort key, written exactly as the partial index messaging_conversations_directory
    // has it so the page is read in index order and the walk stops at LIMIT. PostgreSQL
    // compares it bytewise (COLLATE "C"), as SQLite does: the order, and so every cursor, is
    // the same on both and does not depend on the database's locale.
    const key = this.sql.pg ? 'lower(c.name) COLLATE "C"' : 'lower(c.name)';
    // The kind and visibility are literals, not parameters: that is what lets both planners
    // prove the partial index applies.
    const where = ["c.kind = 'channel'", "c.visibility = 'public'"];
    const params: unknown[] = [c.viewerId];
    if (!c.includeArchived) where.push('c.archived_ms IS NULL');
    if (c.contains !== null) {
      // PostgreSQL lowers both sides with one function. SQLite's LIKE already ignores the case
      // of ASCII letters, and its lower() folds nothing else, so the pattern goes in as typed:
      // an exact non-ASCII spelling (Über) is found, a differently cased one is not.
      where.push(
        this.sql.pg ? "lower(c.name) LIKE lower(?) ESCAPE '\\'" : "c.name LIKE ? ESCAPE '\\'",
      );
      params.push(containsPattern(c.contains));
    }
    if (c.after) {
      // After the cursor in (key, id) order. Spelled with a plain `key >= ?` rather than a row
      // value: SQLite seeks an expression index with that, not with `(key, id) > (?, ?)`
      // (which it answers by scanning from the first channel), so a deep page stays cheap.
      where.push(`${key} >= ? AND (${key} > ? OR c.id > ?)`);
      params.push(c.after.nameKey, c.after.nameKey, c.after.id);
    }
    params.push(c.limit);
    const rows = await this.sql.rows<EntryRow>(
      `SELECT c.id, c.name, c.topic, c.purpose, c.member_count, c.created_ms,
              c.last_activity_ms, c.archived_ms, ${key} AS name_key, m.user_id AS member_id
       FROM messaging_conversations c
       LEFT JOIN messaging_members m
         ON m.conversation_id = c.id AND m.user_id = ? AND m.status = 'active'
       WHERE ${where.join(' AND ')}
       ORDER BY ${key}, c.id
       LIMIT ?`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      topic: row.topic,
      purpose: row.purpose,
      memberCount: int(row.member_count),
      createdAt: int(row.created_ms),
      lastActivityAt: int(row.last_activity_ms),
      archivedAt: intOrNull(row.archived_ms),
      joined: row.member_id !== null && row.member_id !== undefined,
      nameKey: row.name_key,
    }));
  }
}
