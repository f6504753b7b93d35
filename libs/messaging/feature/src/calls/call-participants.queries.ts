import { Sql } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';

/** A call as the gateway's relay needs it: where it is, whether it is over, who is in it. */
export interface CallParticipantsView {
  conversationId: string;
  state: string;
  /** Participants whose status is `joined`. */
  joined: string[];
}

/**
 * What the real-time gateway asks messaging before it relays a `call.signal` (it may not read
 * messaging's tables): the call's conversation and state, and who is joined now. One indexed
 * read of the two call tables, since every signal asks afresh.
 */
export class CallParticipantQueries {
  private readonly sql: Sql;

  constructor(dataSource: DataSource) {
    this.sql = new Sql(dataSource);
  }

  /** undefined for an unknown call. */
  async callOf(callId: string): Promise<CallParticipantsView | undefined> {
    const rows = await this.sql.rows<{
      conversation_id: string;
      state: string;
      user_id: string | null;
    }>(
      `SELECT c.conversation_id AS conversation_id, c.state AS state, p.user_id AS user_id
       FROM messaging_calls c
       LEFT JOIN messaging_call_participants p ON p.call_id = c.id AND p.status = 'joined'
       WHERE c.id = ?`,
      [callId],
    );
    const [first] = rows;
    if (!first) return undefined;
    return {
      conversationId: first.conversation_id,
      state: first.state,
      joined: rows.flatMap((r) => (r.user_id === null ? [] : [r.user_id])),
    };
  }
}
