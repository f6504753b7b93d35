import type { MemberRole, MembershipSource } from '@tidings/messaging/domain';
import type { ConversationContext, ConversationRecord, MemberRecord } from './records';
import { int, intOrNull, Sql, type Db } from './sql';

export interface ConversationRepository {
  /**
   * Inserts, or answers false when a direct/group conversation with the same key exists — or,
   * for one with a context, a conversation with the same context — including one another
   * transaction is committing right now (PostgreSQL waits for it), so two people opening the
   * same pair (or the same widget context) at once never raise an error.
   */
  insert(conversation: ConversationRecord): Promise<boolean>;
  findById(id: string): Promise<ConversationRecord | undefined>;
  findByDirectKey(key: string): Promise<ConversationRecord | undefined>;
  /** The conversation a widget site opened for this key (docs/widget.md). */
  findByContext(origin: string, key: string): Promise<ConversationRecord | undefined>;
  /**
   * Holds the conversation's row until the transaction ends (PostgreSQL; SQLite runs one
   * transaction at a time anyway), so "is X a member? then add X" cannot run twice at once.
   * False when it does not exist.
   */
  lock(id: string): Promise<boolean>;
  /**
   * withMember for many (conversation, user) pairs in one read; keyed by memberKey. A pair
   * whose conversation does not exist is missing.
   */
  withMembers(
    pairs: ReadonlyArray<{ id: string; userId: string }>,
  ): Promise<Map<string, { conversation: ConversationRecord; member: MemberRecord | undefined }>>;
  /** The conversation and the caller's membership row (any status), in one read. */
  withMember(
    id: string,
    userId: string,
  ): Promise<{ conversation: ConversationRecord; member: MemberRecord | undefined } | undefined>;
  update(
    id: string,
    fields: Partial<Pick<ConversationRecord, 'name' | 'topic' | 'purpose'>>,
  ): Promise<void>;
  archive(id: string, by: string, at: number): Promise<void>;
  /**
   * Takes the next seq of a conversation that is not archived: increments `last_seq` and
   * answers it, or undefined when the conversation is archived (or gone). On PostgreSQL the
   * UPDATE holds the row lock until the transaction ends, so concurrent senders queue here
   * and seqs come out gapless in commit order; a rolled-back send gives its number back.
   * `count` takes that many at once (a batch of sends): the answer is the last of them.
   */
  nextSeq(id: string, at: number, count?: number): Promise<number | undefined>;
  /**
   * nextSeq for several conversations in one go (a batch of sends): `counts` maps each to the
   * number of seqs to take; answers each one's new last seq, leaving archived ones out. Rows
   * are locked in id order, so two batches never deadlock.
   */
  nextSeqs(counts: ReadonlyMap<string, number>, at: number): Promise<Map<string, number>>;
  adjustMemberCount(id: string, delta: number): Promise<void>;
  /**
   * Reopens an archived conversation; false when it was not archived (any more). The
   * condition is in the UPDATE, so of two concurrent unarchives only one changes the row.
   */
  unarchive(id: string): Promise<boolean>;
}

/** The key of a (conversation, user) pair in withMembers' answer. */
export const memberKey = (conversationId: string, userId: string) => `${conversationId}\n${userId}`;

export interface ConversationRow {
  id: string;
  kind: string;
  visibility: string;
  name: string | null;
  topic: string | null;
  purpose: string | null;
  direct_key: string | null;
  created_by: string;
  created_ms: unknown;
  archived_ms: unknown;
  archived_by: string | null;
  last_seq: unknown;
  last_activity_ms: unknown;
  member_count: unknown;
  directory_group_id?: string | null;
  department_id?: string | null;
  department_path?: string | null;
  context_origin?: string | null;
  context_key?: string | null;
  context_url?: string | null;
}

function sourceOf(row: ConversationRow): MembershipSource | null {
  if (row.directory_group_id) return { kind: 'group', groupId: row.directory_group_id };
  if (row.department_id && row.department_path)
    return {
      kind: 'department',
      orgUnitId: row.department_id,
      path: JSON.parse(row.department_path) as string[],
    };
  return null;
}

function contextOf(row: ConversationRow): ConversationContext | null {
  if (!row.context_origin || !row.context_key) return null;
  return { origin: row.context_origin, key: row.context_key, url: row.context_url ?? null };
}

export function toConversation(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    kind: row.kind as ConversationRecord['kind'],
    visibility: row.visibility === 'public' ? 'public' : 'private',
    name: row.name,
    topic: row.topic,
    purpose: row.purpose,
    directKey: row.direct_key,
    createdBy: row.created_by,
    createdAt: int(row.created_ms),
    archivedAt: intOrNull(row.archived_ms),
    archivedBy: row.archived_by,
    lastSeq: int(row.last_seq),
    lastActivityAt: int(row.last_activity_ms),
    memberCount: int(row.member_count),
    membershipSource: sourceOf(row),
    context: contextOf(row),
  };
}

export interface MemberRow {
  conversation_id: string;
  user_id: string;
  role: string;
  status: string;
  joined_ms: unknown;
  last_read_seq: unknown;
  /** Absent where a statement does not read it: false. */
  muted?: unknown;
}

export function toMember(row: MemberRow): MemberRecord {
  return {
    conversationId: row.conversation_id,
    userId: row.user_id,
    role: row.role as MemberRole,
    status: row.status === 'deactivated' ? 'deactivated' : 'active',
    joinedAt: int(row.joined_ms),
    lastReadSeq: int(row.last_read_seq),
    muted: row.muted === true || row.muted === 1 || row.muted === '1',
  };
}

export class SqlConversationRepository implements ConversationRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async insert(c: ConversationRecord) {
    // The one unique key the row can collide on; a context conversation has no direct key.
    const target = c.context ? 'context_origin, context_key' : 'direct_key';
    const inserted = await this.sql.rows(
      `INSERT INTO messaging_conversations (id, kind, visibility, name, topic, purpose, direct_key,
         created_by, created_ms, archived_ms, archived_by, last_seq, last_activity_ms, member_count,
         context_origin, context_key, context_url)
       VALUES (${Sql.list(17)}) ON CONFLICT (${target}) DO NOTHING RETURNING id`,
      [
        c.id,
        c.kind,
        c.visibility,
        c.name,
        c.topic,
        c.purpose,
        c.directKey,
        c.createdBy,
        c.createdAt,
        c.archivedAt,
        c.archivedBy,
        c.lastSeq,
        c.lastActivityAt,
        c.memberCount,
        c.context?.origin ?? null,
        c.context?.key ?? null,
        c.context?.url ?? null,
      ],
    );
    return inserted.length > 0;
  }

  async findById(id: string) {
    const row = await this.sql.one<ConversationRow>(
      'SELECT * FROM messaging_conversations WHERE id = ?',
      [id],
    );
    return row ? toConversation(row) : undefined;
  }

  async findByDirectKey(key: string) {
    const row = await this.sql.one<ConversationRow>(
      'SELECT * FROM messaging_conversations WHERE direct_key = ?',
      [key],
    );
    return row ? toConversation(row) : undefined;
  }

  async findByContext(origin: string, key: string) {
    const row = await this.sql.one<ConversationRow>(
      'SELECT * FROM messaging_conversations WHERE context_origin = ? AND context_key = ?',
      [origin, key],
    );
    return row ? toConversation(row) : undefined;
  }

  async lock(id: string) {
    const row = await this.sql.one<{ id: string }>(
      `SELECT id FROM messaging_conversations WHERE id = ?${this.sql.pg ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row !== undefined;
  }

  async withMembers(pairs: ReadonlyArray<{ id: string; userId: string }>) {
    const ids = [...new Set(pairs.map((p) => p.id))];
    const users = [...new Set(pairs.map((p) => p.userId))];
    const rows = await this.sql.rows<
      ConversationRow & {
        m_user: string | null;
        m_role: string | null;
        m_status: string;
        m_joined: unknown;
        m_read: unknown;
      }
    >(
      `SELECT c.*, m.user_id AS m_user, m.role AS m_role, m.status AS m_status,
              m.joined_ms AS m_joined, m.last_read_seq AS m_read
       FROM messaging_conversations c
       LEFT JOIN messaging_members m
         ON m.conversation_id = c.id AND m.user_id IN (${Sql.list(users.length)})
       WHERE c.id IN (${Sql.list(ids.length)})`,
      [...users, ...ids],
    );
    const conversations = new Map<string, ConversationRecord>();
    const members = new Map<string, MemberRecord>();
    for (const row of rows) {
      if (!conversations.has(row.id)) conversations.set(row.id, toConversation(row));
      if (row.m_user && row.m_role)
        members.set(
          memberKey(row.id, row.m_user),
          toMember({
            conversation_id: row.id,
            user_id: row.m_user,
            role: row.m_role,
            status: row.m_status,
            joined_ms: row.m_joined,
            last_read_seq: row.m_read,
          }),
        );
    }
    const found = new Map<
      string,
      { conversation: ConversationRecord; member: MemberRecord | undefined }
    >();
    for (const { id, userId } of pairs) {
      const conversation = conversations.get(id);
      const key = memberKey(id, userId);
      if (conversation) found.set(key, { conversation, member: members.get(key) });
    }
    return found;
  }

  async withMember(id: string, userId: string) {
    const row = await this.sql.one<
      ConversationRow & {
        m_role: string | null;
        m_status: string;
        m_joined: unknown;
        m_read: unknown;
        m_muted: unknown;
      }
    >(
      `SELECT c.*, m.role AS m_role, m.status AS m_status, m.joined_ms AS m_joined,
              m.last_read_seq AS m_read, m.muted AS m_muted
       FROM messaging_conversations c
       LEFT JOIN messaging_members m ON m.conversation_id = c.id AND m.user_id = ?
       WHERE c.id = ?`,
      [userId, id],
    );
    if (!row) return undefined;
    const member =
      row.m_role === null || row.m_role === undefined
        ? undefined
        : toMember({
            conversation_id: id,
            user_id: userId,
            role: row.m_role,
            status: row.m_status,
            joined_ms: row.m_joined,
            last_read_seq: row.m_read,
            muted: row.m_muted,
          });
    return { conversation: toConversation(row), member };
  }

  async update(
    id: string,
    fields: Partial<Pick<ConversationRecord, 'name' | 'topic' | 'purpose'>>,
  ) {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    await this.sql.run(
      `UPDATE messaging_conversations SET ${entries.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`,
      [...entries.map(([, v]) => v), id],
    );
  }

  async archive(id: string, by: string, at: number) {
    await this.sql.run(
      'UPDATE messaging_conversations SET archived_ms = ?, archived_by = ? WHERE id = ?',
      [at, by, id],
    );
  }

  async nextSeq(id: string, at: number, count = 1) {
    const row = await this.sql.one<{ last_seq: unknown }>(
      `UPDATE messaging_conversations SET last_seq = last_seq + ?, last_activity_ms = ?
       WHERE id = ? AND archived_ms IS NULL RETURNING last_seq`,
      [count, at, id],
    );
    return row ? int(row.last_seq) : undefined;
  }

  async nextSeqs(counts: ReadonlyMap<string, number>, at: number) {
    const ids = [...counts.keys()].sort();
    if (ids.length === 0) return new Map<string, number>();
    if (ids.length === 1) {
      const id = ids[0] as string;
      const last = await this.nextSeq(id, at, counts.get(id));
      return new Map(last === undefined ? [] : [[id, last]]);
    }
    if (this.sql.pg)
      await this.sql.run(
        `SELECT id FROM messaging_conversations WHERE id IN (${Sql.list(ids.length)})
         ORDER BY id FOR UPDATE`,
        ids,
      );
    const rows = await this.sql.rows<{ id: string; last_seq: unknown }>(
      `WITH v (conv_id, n) AS (VALUES ${Sql.rows(ids.length, 2)})
       UPDATE messaging_conversations SET last_seq = last_seq + CAST(v.n AS INTEGER),
         last_activity_ms = ?
       FROM v WHERE messaging_conversations.id = v.conv_id AND archived_ms IS NULL
       RETURNING id, last_seq`,
      [...ids.flatMap((id) => [id, counts.get(id)]), at],
    );
    return new Map(rows.map((r) => [r.id, int(r.last_seq)]));
  }

  async adjustMemberCount(id: string, delta: number) {
    if (delta === 0) return;
    await this.sql.run(
      'UPDATE messaging_conversations SET member_count = member_count + ? WHERE id = ?',
      [delta, id],
    );
  }

  async unarchive(id: string) {
    // On PostgreSQL a second unarchive waits for the first one's row lock, then finds
    // archived_ms NULL and changes nothing.
    const changed = await this.sql.rows(
      `UPDATE messaging_conversations SET archived_ms = NULL, archived_by = NULL
       WHERE id = ? AND archived_ms IS NOT NULL RETURNING id`,
      [id],
    );
    return changed.length > 0;
  }
}
