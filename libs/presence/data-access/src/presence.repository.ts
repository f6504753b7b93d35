import type { DeviceActivity, PresenceView, UserPresence } from '@tidings/presence/domain';
import { intOrNull, Sql, type Db } from '@tidings/platform/persistence';

export interface ConnectionRecord {
  connectionId: string;
  userId: string;
  holder: string;
  activity: DeviceActivity;
  connectedAt: number;
  changedAt: number;
}

/** A user's stored presence, with what was last published about them. */
export interface StoredPresence {
  user: UserPresence;
  published: PresenceView | null;
  nextDeadline: number | null;
}

export interface PresenceRepository {
  /**
   * The user's row, created if missing, locked until the transaction ends (PostgreSQL:
   * `FOR UPDATE`; SQLite has one writer anyway) — so two devices of one user changing at once
   * compute their aggregate one after the other and neither event is lost.
   */
  lock(userId: string): Promise<StoredPresence>;
  save(stored: StoredPresence, now: number): Promise<void>;
  connectionsOf(userId: string): Promise<ConnectionRecord[]>;
  connection(connectionId: string): Promise<ConnectionRecord | undefined>;
  addConnection(connection: ConnectionRecord): Promise<void>;
  removeConnection(connectionId: string): Promise<void>;
  setActivity(connectionId: string, activity: DeviceActivity, now: number): Promise<void>;
  /** Stored presence and device activities of these users (unknown users are left out). */
  load(
    userIds: readonly string[],
  ): Promise<Array<{ stored: StoredPresence; devices: DeviceActivity[] }>>;
  /** Users whose view changes by time alone at `at` (DND or custom status ending). */
  deadlines(): Promise<Array<{ userId: string; at: number }>>;
  /**
   * Users with connections whose holder is dead: neither `own` (this process's in-process
   * gateway) nor a holder with a lease (a gateway process elsewhere, still renewing).
   */
  usersOfDeadHolders(own: string): Promise<string[]>;
  /** Removes the user's connections whose holder is dead (as above); answers what it removed. */
  removeOfDeadHolders(userId: string, own: string): Promise<ConnectionRecord[]>;
  /** A holder renewed its lease: it is alive until `now + leaseMs`. */
  renewHolder(holder: string, leaseMs: number, now: number): Promise<void>;
  /** Forgets holders whose lease ran out by `now` (their connections are then dead). */
  dropExpiredHolders(now: number): Promise<string[]>;
  /** Gives every leased holder at least one whole lease from `now` (a presence restart). */
  extendHolders(now: number): Promise<void>;
}

/** Connections whose holder is neither this process nor a leased gateway process. */
const DEAD_HOLDER = 'holder <> ? AND holder NOT IN (SELECT holder FROM presence_holders)';

interface UserRow {
  user_id: string;
  chosen: string;
  dnd_until_ms: unknown;
  status_text: string | null;
  status_emoji: string | null;
  status_expires_ms: unknown;
  last_seen_ms: unknown;
  published: string | null;
  next_deadline_ms: unknown;
}

interface ConnectionRow {
  connection_id: string;
  user_id: string;
  holder: string;
  activity: string;
  connected_ms: unknown;
  changed_ms: unknown;
}

const toStored = (row: UserRow): StoredPresence => ({
  user: {
    userId: row.user_id,
    chosen: row.chosen as UserPresence['chosen'],
    dndUntil: intOrNull(row.dnd_until_ms),
    custom:
      row.status_text === null
        ? null
        : {
            text: row.status_text,
            emoji: row.status_emoji,
            expiresAt: intOrNull(row.status_expires_ms),
          },
    lastSeenAt: intOrNull(row.last_seen_ms),
  },
  published: row.published ? (JSON.parse(row.published) as PresenceView) : null,
  nextDeadline: intOrNull(row.next_deadline_ms),
});

const toConnection = (row: ConnectionRow): ConnectionRecord => ({
  connectionId: row.connection_id,
  userId: row.user_id,
  holder: row.holder,
  activity: row.activity as DeviceActivity,
  connectedAt: Number(row.connected_ms),
  changedAt: Number(row.changed_ms),
});

const USER_COLUMNS =
  'user_id, chosen, dnd_until_ms, status_text, status_emoji, status_expires_ms, last_seen_ms, published, next_deadline_ms';

/** Presence's tables in SQL both databases speak; `db` is a transaction's manager for writes. */
export function presenceRepository(db: Db): PresenceRepository {
  const sql = new Sql(db);
  const pg = sql.pg;
  return {
    async lock(userId) {
      await sql.rows(
        `INSERT INTO presence_users (user_id, chosen, updated_ms) VALUES (?, 'auto', ?)
         ON CONFLICT (user_id) DO NOTHING`,
        [userId, Date.now()],
      );
      const [row] = await sql.rows<UserRow>(
        `SELECT ${USER_COLUMNS} FROM presence_users WHERE user_id = ?${pg ? ' FOR UPDATE' : ''}`,
        [userId],
      );
      if (!row) throw new Error(`presence row of ${userId} vanished`);
      return toStored(row);
    },

    async save({ user, published, nextDeadline }, now) {
      await sql.rows(
        `UPDATE presence_users SET chosen = ?, dnd_until_ms = ?, status_text = ?, status_emoji = ?,
           status_expires_ms = ?, last_seen_ms = ?, published = ?, next_deadline_ms = ?, updated_ms = ?
         WHERE user_id = ?`,
        [
          user.chosen,
          user.dndUntil,
          user.custom?.text ?? null,
          user.custom?.emoji ?? null,
          user.custom?.expiresAt ?? null,
          user.lastSeenAt,
          published ? JSON.stringify(published) : null,
          nextDeadline,
          now,
          user.userId,
        ],
      );
    },

    async connectionsOf(userId) {
      const found = await sql.rows<ConnectionRow>(
        'SELECT * FROM presence_connections WHERE user_id = ?',
        [userId],
      );
      return found.map(toConnection);
    },

    async connection(connectionId) {
      const [row] = await sql.rows<ConnectionRow>(
        'SELECT * FROM presence_connections WHERE connection_id = ?',
        [connectionId],
      );
      return row ? toConnection(row) : undefined;
    },

    async addConnection(c) {
      await sql.rows(
        `INSERT INTO presence_connections (connection_id, user_id, holder, activity, connected_ms, changed_ms)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (connection_id) DO NOTHING`,
        [c.connectionId, c.userId, c.holder, c.activity, c.connectedAt, c.changedAt],
      );
    },

    async removeConnection(connectionId) {
      await sql.rows('DELETE FROM presence_connections WHERE connection_id = ?', [connectionId]);
    },

    async setActivity(connectionId, activity, now) {
      await sql.rows(
        'UPDATE presence_connections SET activity = ?, changed_ms = ? WHERE connection_id = ?',
        [activity, now, connectionId],
      );
    },

    async load(userIds) {
      if (userIds.length === 0) return [];
      // One statement, so one snapshot: read apart, a disconnect committing in between would
      // show a user offline without the last-seen time that same commit wrote.
      const found = await sql.rows<UserRow & { activity: string | null }>(
        `SELECT ${USER_COLUMNS.split(', ')
          .map((c) => `u.${c}`)
          .join(', ')}, c.activity
         FROM presence_users u LEFT JOIN presence_connections c ON c.user_id = u.user_id
         WHERE u.user_id IN (${Sql.list(userIds.length)})`,
        [...userIds],
      );
      const byUser = new Map<string, { stored: StoredPresence; devices: DeviceActivity[] }>();
      for (const row of found) {
        let entry = byUser.get(row.user_id);
        if (!entry) byUser.set(row.user_id, (entry = { stored: toStored(row), devices: [] }));
        if (row.activity) entry.devices.push(row.activity as DeviceActivity);
      }
      return [...byUser.values()];
    },

    async deadlines() {
      const found = await sql.rows<{ user_id: string; next_deadline_ms: unknown }>(
        'SELECT user_id, next_deadline_ms FROM presence_users WHERE next_deadline_ms IS NOT NULL',
      );
      return found.map((r) => ({ userId: r.user_id, at: Number(r.next_deadline_ms) }));
    },

    async usersOfDeadHolders(own) {
      const found = await sql.rows<{ user_id: string }>(
        `SELECT DISTINCT user_id FROM presence_connections WHERE ${DEAD_HOLDER}`,
        [own],
      );
      return found.map((r) => r.user_id);
    },

    async removeOfDeadHolders(userId, own) {
      const found = await sql.rows<ConnectionRow>(
        `DELETE FROM presence_connections WHERE user_id = ? AND ${DEAD_HOLDER} RETURNING *`,
        [userId, own],
      );
      return found.map(toConnection);
    },

    async renewHolder(holder, leaseMs, now) {
      await sql.rows(
        `INSERT INTO presence_holders (holder, lease_ms, expires_ms) VALUES (?, ?, ?)
         ON CONFLICT (holder) DO UPDATE SET lease_ms = excluded.lease_ms, expires_ms = excluded.expires_ms`,
        [holder, leaseMs, now + leaseMs],
      );
    },

    async dropExpiredHolders(now) {
      const found = await sql.rows<{ holder: string }>(
        'DELETE FROM presence_holders WHERE expires_ms <= ? RETURNING holder',
        [now],
      );
      return found.map((r) => r.holder);
    },

    async extendHolders(now) {
      await sql.rows(
        'UPDATE presence_holders SET expires_ms = ? + lease_ms WHERE expires_ms < ? + lease_ms',
        [now, now],
      );
    },
  };
}
