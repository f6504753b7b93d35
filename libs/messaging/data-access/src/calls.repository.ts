import {
  orderParticipants,
  type Call,
  type CallMedia,
  type CallOutcome,
  type CallParticipant,
  type CallState,
  type ParticipantStatus,
} from '@tidings/messaging/domain';
import { chunk, int, intOrNull, Sql, type Db } from './sql';

export interface CallRepository {
  /**
   * Stores a new call and its participants; answers false, storing nothing, when the
   * conversation has a call that has not ended — also one another transaction is committing
   * right now (the unique partial index `messaging_calls_open` decides; PostgreSQL waits for
   * the other transaction first).
   */
  insert(call: Call): Promise<boolean>;
  /**
   * A call with its participants. `lock`: holds the call's row lock until the transaction ends
   * (PostgreSQL; SQLite runs one transaction at a time anyway), so commands on one call — and
   * the ring-timeout sweeps of several replicas — take turns and each sees the last one's result.
   */
  find(id: string, options?: { lock?: boolean }): Promise<Call | undefined>;
  /** The conversation's call that has not ended, if any; `lock` as for `find`. */
  openIn(conversationId: string, options?: { lock?: boolean }): Promise<Call | undefined>;
  /** Writes what changed since `before`: the call's row and the participants that differ. */
  save(call: Call, before: Call): Promise<void>;
  /** Which of `userIds` are joined in a call that has not ended. */
  joinedInOpenCalls(userIds: readonly string[]): Promise<Set<string>>;
  /** Calls whose ring expired at `at` or before, soonest expiry first. */
  ringExpired(at: number, limit: number): Promise<string[]>;
  /** A conversation's calls, newest first. */
  history(conversationId: string, limit: number): Promise<Call[]>;
  /**
   * Calls that have not ended in which `userId` rings or is joined, in conversations they are
   * still an active member of — what a device that just opened must show. Newest first.
   */
  openFor(userId: string, limit: number): Promise<Call[]>;
}

interface CallRow {
  id: string;
  conversation_id: string;
  media: string;
  state: string;
  outcome: string | null;
  started_by: string;
  started_ms: unknown;
  connected_ms: unknown;
  ended_ms: unknown;
  ring_expires_ms: unknown;
}

interface ParticipantRow {
  call_id: string;
  user_id: string;
  status: string;
  joined_ms: unknown;
  left_ms: unknown;
}

const CALL_COLUMNS =
  'id, conversation_id, media, state, outcome, started_by, started_ms, connected_ms, ended_ms, ring_expires_ms';

/** Participant rows per multi-row statement (5 values each). */
const PARTICIPANT_ROWS = 100;

export class SqlCallRepository implements CallRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async insert(call: Call) {
    const inserted = await this.sql.rows(
      `INSERT INTO messaging_calls (${CALL_COLUMNS}) VALUES (${Sql.list(10)})
       ON CONFLICT (conversation_id) WHERE state <> 'ended' DO NOTHING RETURNING id`,
      [
        call.id,
        call.conversationId,
        call.media,
        call.state,
        call.outcome,
        call.startedBy,
        call.startedAt,
        call.connectedAt,
        call.endedAt,
        call.ringExpiresAt,
      ],
    );
    if (inserted.length === 0) return false;
    await this.upsertParticipants(call.id, call.participants);
    return true;
  }

  async find(id: string, options: { lock?: boolean } = {}) {
    const lock = options.lock && this.sql.pg ? ' FOR UPDATE' : '';
    const row = await this.sql.one<CallRow>(
      `SELECT ${CALL_COLUMNS} FROM messaging_calls WHERE id = ?${lock}`,
      [id],
    );
    return row ? (await this.withParticipants([row]))[0] : undefined;
  }

  async openIn(conversationId: string, options: { lock?: boolean } = {}) {
    const lock = options.lock && this.sql.pg ? ' FOR UPDATE' : '';
    const row = await this.sql.one<CallRow>(
      `SELECT ${CALL_COLUMNS} FROM messaging_calls WHERE conversation_id = ? AND state <> 'ended'${lock}`,
      [conversationId],
    );
    return row ? (await this.withParticipants([row]))[0] : undefined;
  }

  async save(call: Call, before: Call) {
    await this.sql.run(
      `UPDATE messaging_calls SET state = ?, outcome = ?, connected_ms = ?, ended_ms = ?,
         ring_expires_ms = ? WHERE id = ?`,
      [call.state, call.outcome, call.connectedAt, call.endedAt, call.ringExpiresAt, call.id],
    );
    const was = new Map(before.participants.map((p) => [p.userId, p]));
    const changed = call.participants.filter((p) => {
      const old = was.get(p.userId);
      return (
        !old || old.status !== p.status || old.joinedAt !== p.joinedAt || old.leftAt !== p.leftAt
      );
    });
    await this.upsertParticipants(call.id, changed);
  }

  async joinedInOpenCalls(userIds: readonly string[]) {
    const joined = new Set<string>();
    for (const part of chunk([...new Set(userIds)], 500)) {
      if (part.length === 0) continue;
      const rows = await this.sql.rows<{ user_id: string }>(
        `SELECT DISTINCT p.user_id FROM messaging_call_participants p
         JOIN messaging_calls c ON c.id = p.call_id
         WHERE p.status = 'joined' AND c.state <> 'ended'
           AND p.user_id IN (${Sql.list(part.length)})`,
        part,
      );
      for (const r of rows) joined.add(r.user_id);
    }
    return joined;
  }

  async ringExpired(at: number, limit: number) {
    const rows = await this.sql.rows<{ id: string }>(
      `SELECT id FROM messaging_calls WHERE ring_expires_ms IS NOT NULL AND ring_expires_ms <= ?
       ORDER BY ring_expires_ms LIMIT ?`,
      [at, limit],
    );
    return rows.map((r) => r.id);
  }

  async history(conversationId: string, limit: number) {
    const rows = await this.sql.rows<CallRow>(
      `SELECT ${CALL_COLUMNS} FROM messaging_calls WHERE conversation_id = ?
       ORDER BY started_ms DESC, id DESC LIMIT ?`,
      [conversationId, limit],
    );
    return this.withParticipants(rows);
  }

  async openFor(userId: string, limit: number) {
    const rows = await this.sql.rows<CallRow>(
      `SELECT ${CALL_COLUMNS.split(', ')
        .map((c) => `c.${c}`)
        .join(', ')} FROM messaging_call_participants p
       JOIN messaging_calls c ON c.id = p.call_id
       JOIN messaging_members m ON m.conversation_id = c.conversation_id
         AND m.user_id = p.user_id AND m.status = 'active'
       WHERE p.user_id = ? AND p.status IN ('ringing', 'joined') AND c.state <> 'ended'
       ORDER BY c.started_ms DESC, c.id DESC LIMIT ?`,
      [userId, limit],
    );
    return this.withParticipants(rows);
  }

  private async upsertParticipants(callId: string, participants: readonly CallParticipant[]) {
    for (const part of chunk(participants, PARTICIPANT_ROWS)) {
      if (part.length === 0) continue;
      await this.sql.run(
        `INSERT INTO messaging_call_participants (call_id, user_id, status, joined_ms, left_ms)
         VALUES ${Sql.rows(part.length, 5)}
         ON CONFLICT (call_id, user_id) DO UPDATE SET status = excluded.status,
           joined_ms = excluded.joined_ms, left_ms = excluded.left_ms`,
        part.flatMap((p) => [callId, p.userId, p.status, p.joinedAt, p.leftAt]),
      );
    }
  }

  private async withParticipants(rows: readonly CallRow[]): Promise<Call[]> {
    if (rows.length === 0) return [];
    const byCall = new Map<string, CallParticipant[]>(rows.map((r) => [r.id, []]));
    const ids = [...byCall.keys()];
    const found = await this.sql.rows<ParticipantRow>(
      `SELECT call_id, user_id, status, joined_ms, left_ms FROM messaging_call_participants
       WHERE call_id IN (${Sql.list(ids.length)})`,
      ids,
    );
    for (const p of found)
      byCall.get(p.call_id)?.push({
        userId: p.user_id,
        status: p.status as ParticipantStatus,
        joinedAt: intOrNull(p.joined_ms),
        leftAt: intOrNull(p.left_ms),
      });
    return rows.map((row) => toCall(row, byCall.get(row.id) ?? []));
  }
}

function toCall(row: CallRow, participants: CallParticipant[]): Call {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    media: row.media as CallMedia,
    state: row.state as CallState,
    outcome: row.outcome as CallOutcome | null,
    startedBy: row.started_by,
    startedAt: int(row.started_ms),
    connectedAt: intOrNull(row.connected_ms),
    endedAt: intOrNull(row.ended_ms),
    ringExpiresAt: intOrNull(row.ring_expires_ms),
    participants: orderParticipants(row.started_by, participants),
  };
}
