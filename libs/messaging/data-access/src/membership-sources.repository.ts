import { departmentKey, type MembershipSource } from '@tidings/messaging/domain';
import { toConversation, type ConversationRow } from './conversations.repository';
import type { ConversationRecord } from './records';
import { int, Sql, type Db } from './sql';

export interface DirectoryGroup {
  id: string;
  name: string;
  removed: boolean;
  changedAt: number;
}

/**
 * Messaging's projection of directory groups (who is in which), and which channels follow a
 * group or a department. Set operations only — adding someone present or removing someone
 * absent changes nothing — so replaying a group's events in order lands in the same state.
 */
export interface MembershipSourceRepository {
  upsertGroup(group: DirectoryGroup): Promise<void>;
  findGroup(id: string): Promise<DirectoryGroup | undefined>;
  addGroupMembers(groupId: string, userIds: readonly string[]): Promise<void>;
  removeGroupMembers(groupId: string, userIds: readonly string[]): Promise<void>;
  groupMemberIds(groupId: string): Promise<string[]>;
  /** The groups a person is in, by the projection. */
  groupsOf(userId: string): Promise<string[]>;
  /** Sets (or with null clears) what a channel's membership follows. */
  setSource(conversationId: string, source: MembershipSource | null): Promise<void>;
  /** Channels following any of these groups. */
  followingGroups(groupIds: readonly string[]): Promise<ConversationRecord[]>;
  /** Channels following any department with one of these keys (see departmentKeysWithin). */
  followingDepartments(keys: readonly string[]): Promise<ConversationRecord[]>;
  /** Department channels a person is a member of (any status): what a move may end. */
  departmentChannelsOf(userId: string): Promise<ConversationRecord[]>;
}

interface GroupRow {
  id: string;
  name: string;
  removed: unknown;
  changed_ms: unknown;
}

export class SqlMembershipSourceRepository implements MembershipSourceRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async upsertGroup(g: DirectoryGroup) {
    await this.sql.run(
      `INSERT INTO messaging_directory_groups (id, name, removed, changed_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, removed = excluded.removed,
         changed_ms = excluded.changed_ms`,
      [g.id, g.name, g.removed, g.changedAt],
    );
  }

  async findGroup(id: string) {
    const row = await this.sql.one<GroupRow>(
      'SELECT * FROM messaging_directory_groups WHERE id = ?',
      [id],
    );
    return row
      ? {
          id: row.id,
          name: row.name,
          removed: row.removed === true || row.removed === 1 || row.removed === '1',
          changedAt: int(row.changed_ms),
        }
      : undefined;
  }

  async addGroupMembers(groupId: string, userIds: readonly string[]) {
    for (let i = 0; i < userIds.length; i += 500) {
      const part = userIds.slice(i, i + 500);
      await this.sql.run(
        `INSERT INTO messaging_directory_group_members (group_id, user_id)
         VALUES ${Sql.rows(part.length, 2)} ON CONFLICT (group_id, user_id) DO NOTHING`,
        part.flatMap((userId) => [groupId, userId]),
      );
    }
  }

  async removeGroupMembers(groupId: string, userIds: readonly string[]) {
    for (let i = 0; i < userIds.length; i += 500) {
      const part = userIds.slice(i, i + 500);
      await this.sql.run(
        `DELETE FROM messaging_directory_group_members
         WHERE group_id = ? AND user_id IN (${Sql.list(part.length)})`,
        [groupId, ...part],
      );
    }
  }

  async groupMemberIds(groupId: string) {
    const rows = await this.sql.rows<{ user_id: string }>(
      'SELECT user_id FROM messaging_directory_group_members WHERE group_id = ? ORDER BY user_id',
      [groupId],
    );
    return rows.map((r) => r.user_id);
  }

  async groupsOf(userId: string) {
    const rows = await this.sql.rows<{ group_id: string }>(
      'SELECT group_id FROM messaging_directory_group_members WHERE user_id = ? ORDER BY group_id',
      [userId],
    );
    return rows.map((r) => r.group_id);
  }

  async setSource(conversationId: string, source: MembershipSource | null) {
    const department = source?.kind === 'department' ? source : null;
    await this.sql.run(
      `UPDATE messaging_conversations SET directory_group_id = ?, department_id = ?,
         department_path = ?, department_key = ? WHERE id = ?`,
      [
        source?.kind === 'group' ? source.groupId : null,
        department?.orgUnitId ?? null,
        department ? JSON.stringify(department.path) : null,
        department ? departmentKey(department.path) : null,
        conversationId,
      ],
    );
  }

  async followingGroups(groupIds: readonly string[]) {
    if (groupIds.length === 0) return [];
    const rows = await this.sql.rows<ConversationRow>(
      `SELECT * FROM messaging_conversations
       WHERE directory_group_id IN (${Sql.list(groupIds.length)}) ORDER BY id`,
      [...groupIds],
    );
    return rows.map(toConversation);
  }

  async followingDepartments(keys: readonly string[]) {
    if (keys.length === 0) return [];
    const rows = await this.sql.rows<ConversationRow>(
      `SELECT * FROM messaging_conversations
       WHERE department_key IN (${Sql.list(keys.length)}) ORDER BY id`,
      [...keys],
    );
    return rows.map(toConversation);
  }

  async departmentChannelsOf(userId: string) {
    const rows = await this.sql.rows<ConversationRow>(
      `SELECT c.* FROM messaging_conversations c
       JOIN messaging_members m ON m.conversation_id = c.id AND m.user_id = ?
       WHERE c.department_key IS NOT NULL ORDER BY c.id`,
      [userId],
    );
    return rows.map(toConversation);
  }
}
