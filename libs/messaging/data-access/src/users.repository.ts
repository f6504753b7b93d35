import { departmentKey } from '@tidings/messaging/domain';
import type { Author, MessagingUser } from './records';
import { int, Sql, type Db } from './sql';

/**
 * Messaging's own view of people, fed by directory events (DESIGN: a service never reads
 * another's tables). Enough to check that someone exists and is active, to resolve
 * `@username`, and to show a message's author after they were deactivated.
 */
export interface MessagingUserRepository {
  findById(id: string): Promise<MessagingUser | undefined>;
  findMany(ids: readonly string[]): Promise<MessagingUser[]>;
  /** Which of these ids are active users. */
  activeAmong(ids: readonly string[]): Promise<Set<string>>;
  /** Active users by lower-cased username: username_key → id. */
  activeIdsByUsername(keys: readonly string[]): Promise<Map<string, string>>;
  /**
   * Records or refreshes a profile; an existing row keeps its active flag (and its department
   * when `orgUnitPath` is not given).
   */
  upsertProfile(user: {
    id: string;
    username: string;
    displayName: string;
    orgUnitPath?: readonly string[];
  }): Promise<void>;
  /** Which of these ids the projection has, active or not (the directory's people). */
  knownAmong(ids: readonly string[]): Promise<Set<string>>;
  /** Active people within a department subtree (their path starts with `path`). */
  activeInDepartment(path: readonly string[]): Promise<string[]>;
  /**
   * `@department`: the other active members of the conversation whose department path is
   * exactly the sender's (none when the sender is in no department).
   */
  activeMembersOfSameDepartment(conversationId: string, senderId: string): Promise<string[]>;
  /**
   * Sets the active flag as of `at` (the directory event's time, epoch ms). Answers false —
   * and changes nothing — when it already was so, or a newer status change was applied.
   */
  setActive(
    user: { id: string; username: string; displayName?: string },
    active: boolean,
    at: number,
  ): Promise<boolean>;
  /**
   * The projection's id for a signed-in caller: their own id if the directory knows it, else
   * the person of that username (a directory person signing in at Keycloak has another id
   * there), else undefined.
   */
  idOfCaller(id: string, username: string): Promise<string | undefined>;
  /** idOfCaller's person with how they are shown as an author, read in the same statement. */
  callerOf(id: string, username: string): Promise<{ id: string; author: Author } | undefined>;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  active: unknown;
  changed_ms: unknown;
  org_unit_path?: string | null;
}

const toUser = (row: UserRow): MessagingUser => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  active: row.active === true || row.active === 1 || row.active === '1',
  changedAt: int(row.changed_ms),
  orgUnitPath: row.org_unit_path ? (JSON.parse(row.org_unit_path) as string[]) : [],
});

export class SqlMessagingUserRepository implements MessagingUserRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async findById(id: string) {
    const row = await this.sql.one<UserRow>('SELECT * FROM messaging_users WHERE id = ?', [id]);
    return row ? toUser(row) : undefined;
  }

  async findMany(ids: readonly string[]) {
    if (ids.length === 0) return [];
    const rows = await this.sql.rows<UserRow>(
      `SELECT * FROM messaging_users WHERE id IN (${Sql.list(ids.length)})`,
      [...ids],
    );
    return rows.map(toUser);
  }

  async activeAmong(ids: readonly string[]) {
    const active = new Set<string>();
    // In parts: a directory group brings thousands of ids at once.
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = await this.sql.rows<{ id: string }>(
        `SELECT id FROM messaging_users WHERE active = ? AND id IN (${Sql.list(part.length)})`,
        [true, ...part],
      );
      for (const r of rows) active.add(r.id);
    }
    return active;
  }

  async activeIdsByUsername(keys: readonly string[]) {
    if (keys.length === 0) return new Map<string, string>();
    const rows = await this.sql.rows<{ id: string; username_key: string }>(
      `SELECT id, username_key FROM messaging_users WHERE active = ? AND username_key IN (${Sql.list(keys.length)})`,
      [true, ...keys],
    );
    return new Map(rows.map((r) => [r.username_key, r.id]));
  }

  async upsertProfile(user: {
    id: string;
    username: string;
    displayName: string;
    orgUnitPath?: readonly string[];
  }) {
    const path = user.orgUnitPath;
    await this.sql.run(
      `INSERT INTO messaging_users (id, username, username_key, display_name, active, changed_ms,
         org_unit_path, org_unit_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET username = excluded.username,
         username_key = excluded.username_key, display_name = excluded.display_name,
         org_unit_path = COALESCE(excluded.org_unit_path, messaging_users.org_unit_path),
         org_unit_key = COALESCE(excluded.org_unit_key, messaging_users.org_unit_key)`,
      [
        user.id,
        user.username,
        user.username.toLowerCase(),
        user.displayName,
        true,
        0,
        path ? JSON.stringify(path) : null,
        path ? departmentKey(path) : null,
      ],
    );
  }

  async knownAmong(ids: readonly string[]) {
    const known = new Set<string>();
    // 500 ids a statement: far below either database's parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const rows = await this.sql.rows<{ id: string }>(
        `SELECT id FROM messaging_users WHERE id IN (${Sql.list(part.length)})`,
        part,
      );
      for (const r of rows) known.add(r.id);
    }
    return known;
  }

  async activeInDepartment(path: readonly string[]) {
    const key = departmentKey(path);
    // Keys are ASCII (URI-encoded names), so substr compares the same on both databases,
    // whatever their collation. A scan: mapping a channel is rare, people are thousands.
    const rows = await this.sql.rows<{ id: string }>(
      `SELECT id FROM messaging_users
       WHERE active = ? AND substr(org_unit_key, 1, ?) = ? ORDER BY id`,
      [true, key.length, key],
    );
    return rows.map((r) => r.id);
  }

  async activeMembersOfSameDepartment(conversationId: string, senderId: string) {
    const rows = await this.sql.rows<{ id: string }>(
      `SELECT u.id FROM messaging_users s
       JOIN messaging_users u ON u.org_unit_key = s.org_unit_key AND u.id <> s.id
       JOIN messaging_members m ON m.user_id = u.id AND m.conversation_id = ?
       WHERE s.id = ? AND s.org_unit_key IS NOT NULL AND s.org_unit_key <> ''
         AND u.active = ? AND m.status = 'active'
       ORDER BY u.id`,
      [conversationId, senderId, true],
    );
    return rows.map((r) => r.id);
  }

  async setActive(
    user: { id: string; username: string; displayName?: string },
    active: boolean,
    at: number,
  ) {
    // First sight of someone through a status event (their `created` came before we listened).
    await this.sql.run(
      `INSERT INTO messaging_users (id, username, username_key, display_name, active, changed_ms)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [
        user.id,
        user.username,
        user.username.toLowerCase(),
        user.displayName ?? user.username,
        !active,
        0,
      ],
    );
    const changed = await this.sql.rows(
      `UPDATE messaging_users SET active = ?, changed_ms = ?
       WHERE id = ? AND active <> ? AND changed_ms <= ? RETURNING id`,
      [active, at, user.id, active, at],
    );
    return changed.length > 0;
  }

  async idOfCaller(id: string, username: string) {
    return (await this.callerOf(id, username))?.id;
  }

  async callerOf(id: string, username: string) {
    const rows = await this.sql.rows<{
      id: string;
      username: string;
      display_name: string | null;
      active: unknown;
    }>(
      'SELECT id, username, display_name, active FROM messaging_users WHERE id = ? OR username_key = ?',
      [id, username.toLowerCase()],
    );
    const row = rows.find((r) => r.id === id) ?? rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      author: {
        username: row.username,
        displayName: row.display_name ?? row.username,
        active: Boolean(Number(row.active)),
      },
    };
  }
}
