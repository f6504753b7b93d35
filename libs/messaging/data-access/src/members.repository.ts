import type { MemberRole } from '@tidings/messaging/domain';
import { toMember, type MemberRow } from './conversations.repository';
import type { MemberRecord, MemberStatus } from './records';
import { int, Sql, type Db } from './sql';

export interface MemberRepository {
  insertMany(members: readonly MemberRecord[]): Promise<void>;
  /**
   * Inserts those not yet members (in any status) and answers who was inserted: a concurrent
   * invite of the same person is no error, and the count moves only for real additions.
   */
  insertNew(members: readonly MemberRecord[]): Promise<string[]>;
  /** Every membership row of a conversation, any status. */
  listAll(conversationId: string): Promise<MemberRecord[]>;
  /**
   * Deletes these memberships — only those of `role` when given, so a concurrent promotion
   * is never undone by a removal decided a moment earlier. Answers the rows it deleted.
   */
  deleteMany(
    conversationId: string,
    userIds: readonly string[],
    role?: MemberRole,
  ): Promise<MemberRecord[]>;
  find(conversationId: string, userId: string): Promise<MemberRecord | undefined>;
  /** Active members, owners first, then by when they joined. */
  listActive(conversationId: string): Promise<MemberRecord[]>;
  /** Which of `userIds` have a membership row (any status) in the conversation. */
  existing(conversationId: string, userIds: readonly string[]): Promise<Set<string>>;
  countActiveOwners(conversationId: string): Promise<number>;
  delete(conversationId: string, userId: string): Promise<void>;
  setRole(conversationId: string, userId: string, role: MemberRole): Promise<void>;
  /**
   * Moves the read position forward to `seq`; never back. Answers whether it moved. The
   * condition is in the UPDATE itself, so two devices racing cannot move it backwards.
   */
  markRead(conversationId: string, userId: string, seq: number): Promise<boolean>;
  /** Mutes or unmutes the conversation for an active member; false if they are none. */
  setMuted(conversationId: string, userId: string, muted: boolean): Promise<boolean>;
  /** Flips every membership of a user between statuses; answers the rows it changed. */
  setStatusOfUser(userId: string, from: MemberStatus, to: MemberStatus): Promise<MemberRecord[]>;
}

export class SqlMemberRepository implements MemberRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async insertMany(members: readonly MemberRecord[]) {
    // 6 values a row: 50 rows stay far below either database's parameter limit.
    for (let i = 0; i < members.length; i += 50) {
      const part = members.slice(i, i + 50);
      await this.sql.run(
        `INSERT INTO messaging_members (conversation_id, user_id, role, status, joined_ms, last_read_seq)
         VALUES ${Sql.rows(part.length, 6)}`,
        part.flatMap((m) => [
          m.conversationId,
          m.userId,
          m.role,
          m.status,
          m.joinedAt,
          m.lastReadSeq,
        ]),
      );
    }
  }

  async insertNew(members: readonly MemberRecord[]) {
    const inserted: string[] = [];
    for (let i = 0; i < members.length; i += 50) {
      const part = members.slice(i, i + 50);
      const rows = await this.sql.rows<{ user_id: string }>(
        `INSERT INTO messaging_members (conversation_id, user_id, role, status, joined_ms, last_read_seq)
         VALUES ${Sql.rows(part.length, 6)}
         ON CONFLICT (conversation_id, user_id) DO NOTHING RETURNING user_id`,
        part.flatMap((m) => [
          m.conversationId,
          m.userId,
          m.role,
          m.status,
          m.joinedAt,
          m.lastReadSeq,
        ]),
      );
      inserted.push(...rows.map((r) => r.user_id));
    }
    return inserted;
  }

  async listAll(conversationId: string) {
    const rows = await this.sql.rows<MemberRow>(
      'SELECT * FROM messaging_members WHERE conversation_id = ? ORDER BY user_id',
      [conversationId],
    );
    return rows.map(toMember);
  }

  async deleteMany(conversationId: string, userIds: readonly string[], role?: MemberRole) {
    const deleted: MemberRecord[] = [];
    for (let i = 0; i < userIds.length; i += 500) {
      const part = userIds.slice(i, i + 500);
      const rows = await this.sql.rows<MemberRow>(
        `DELETE FROM messaging_members
         WHERE conversation_id = ? AND user_id IN (${Sql.list(part.length)})
           ${role ? 'AND role = ?' : ''}
         RETURNING conversation_id, user_id, role, status, joined_ms, last_read_seq`,
        [conversationId, ...part, ...(role ? [role] : [])],
      );
      deleted.push(...rows.map(toMember));
    }
    return deleted;
  }

  async find(conversationId: string, userId: string) {
    const row = await this.sql.one<MemberRow>(
      'SELECT * FROM messaging_members WHERE conversation_id = ? AND user_id = ?',
      [conversationId, userId],
    );
    return row ? toMember(row) : undefined;
  }

  async listActive(conversationId: string) {
    const rows = await this.sql.rows<MemberRow>(
      `SELECT * FROM messaging_members WHERE conversation_id = ? AND status = 'active'
       ORDER BY CASE role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, joined_ms, user_id`,
      [conversationId],
    );
    return rows.map(toMember);
  }

  async existing(conversationId: string, userIds: readonly string[]) {
    if (userIds.length === 0) return new Set<string>();
    const rows = await this.sql.rows<{ user_id: string }>(
      `SELECT user_id FROM messaging_members WHERE conversation_id = ? AND user_id IN (${Sql.list(userIds.length)})`,
      [conversationId, ...userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  async countActiveOwners(conversationId: string) {
    const row = await this.sql.one<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM messaging_members
       WHERE conversation_id = ? AND status = 'active' AND role = 'owner'`,
      [conversationId],
    );
    return int(row?.n ?? 0);
  }

  async delete(conversationId: string, userId: string) {
    await this.sql.run('DELETE FROM messaging_members WHERE conversation_id = ? AND user_id = ?', [
      conversationId,
      userId,
    ]);
  }

  async setRole(conversationId: string, userId: string, role: MemberRole) {
    await this.sql.run(
      'UPDATE messaging_members SET role = ? WHERE conversation_id = ? AND user_id = ?',
      [role, conversationId, userId],
    );
  }

  async setMuted(conversationId: string, userId: string, muted: boolean) {
    const rows = await this.sql.rows(
      `UPDATE messaging_members SET muted = ?
       WHERE conversation_id = ? AND user_id = ? AND status = 'active' RETURNING user_id`,
      [muted, conversationId, userId],
    );
    return rows.length > 0;
  }

  async markRead(conversationId: string, userId: string, seq: number) {
    const moved = await this.sql.rows(
      `UPDATE messaging_members SET last_read_seq = ?
       WHERE conversation_id = ? AND user_id = ? AND last_read_seq < ? RETURNING user_id`,
      [seq, conversationId, userId, seq],
    );
    return moved.length > 0;
  }

  async setStatusOfUser(userId: string, from: MemberStatus, to: MemberStatus) {
    const rows = await this.sql.rows<MemberRow>(
      `UPDATE messaging_members SET status = ? WHERE user_id = ? AND status = ?
       RETURNING conversation_id, user_id, role, status, joined_ms, last_read_seq`,
      [to, userId, from],
    );
    return rows.map(toMember);
  }
}
