import { messagingStore, type MessagingStore } from '@tidings/messaging/data-access';
import { Sql } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';

/**
 * Above this many members a conversation does not make its members each other's presence
 * peers: in an all-company channel everyone would receive everyone's every change — traffic
 * growing with the square of the company. Members of big channels watch the people on screen
 * by subscribing instead (docs/presence.md).
 */
export const PRESENCE_PEER_MAX_MEMBERS = 100;

/**
 * Who shares a conversation with whom, for presence's visibility (its PRESENCE_PEERS port, bound
 * by the host): active members of the same non-archived conversation of at most
 * `maxMembers` members. A read of messaging's own tables; presence never reads them itself.
 */
export class PresencePeerQueries {
  private readonly store: MessagingStore;
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly maxMembers = PRESENCE_PEER_MAX_MEMBERS,
  ) {
    this.store = messagingStore(dataSource);
    this.sql = new Sql(dataSource);
  }

  /** The id conversations know a person by: their directory id, found by username if need be. */
  async personIdOf(person: { userId: string; username: string }): Promise<string> {
    return (await this.store.users.idOfCaller(person.userId, person.username)) ?? person.userId;
  }

  /**
   * `includeDeactivated`: the person's memberships ended by their deactivation count too — who
   * shared a conversation with someone just deactivated, once messaging has taken them out.
   */
  async peersOf(userId: string, options: { includeDeactivated?: boolean } = {}): Promise<string[]> {
    return this.peers(userId, [], options.includeDeactivated ?? false);
  }

  async peersAmong(userId: string, candidates: readonly string[]): Promise<string[]> {
    return candidates.length === 0 ? [] : this.peers(userId, candidates, false);
  }

  private async peers(
    userId: string,
    among: readonly string[],
    includeDeactivated: boolean,
  ): Promise<string[]> {
    const rows = await this.sql.rows<{ user_id: string }>(
      `SELECT DISTINCT other.user_id AS user_id
       FROM messaging_members mine
       JOIN messaging_conversations c ON c.id = mine.conversation_id
       JOIN messaging_members other ON other.conversation_id = mine.conversation_id
       WHERE mine.user_id = ?
         AND mine.status ${includeDeactivated ? "IN ('active', 'deactivated')" : "= 'active'"}
         AND c.archived_ms IS NULL AND c.member_count <= ?
         AND other.status = 'active' AND other.user_id <> ?
         ${among.length > 0 ? `AND other.user_id IN (${Sql.list(among.length)})` : ''}`,
      [userId, this.maxMembers, userId, ...among],
    );
    return rows.map((r) => r.user_id);
  }
}
