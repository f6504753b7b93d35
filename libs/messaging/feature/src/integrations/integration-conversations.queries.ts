import { messagingStore, type MessagingStore } from '@tidings/messaging/data-access';
import { Sql } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { messagingIdOf } from '../api/current-caller';
import type { PrincipalLike } from '../messaging-options';

/** A conversation as integrations sees it when binding a webhook. */
export interface IntegrationConversation {
  id: string;
  name: string | null;
  kind: string;
  archived: boolean;
}

/**
 * What the integrations service asks messaging when a webhook is created (the host binds its
 * port to this): which conversation a reference names, and whether the caller is an owner or
 * admin of it. A read of messaging's own tables; integrations never reads them itself.
 */
export class IntegrationConversationQueries {
  private readonly store: MessagingStore;
  private readonly sql: Sql;

  constructor(dataSource: DataSource) {
    this.store = messagingStore(dataSource);
    this.sql = new Sql(dataSource);
  }

  /** The conversation with this id, else the channels with this name (`#` optional). */
  async find(ref: string): Promise<IntegrationConversation[]> {
    const byId = await this.store.conversations.findById(ref);
    if (byId)
      return [
        { id: byId.id, name: byId.name, kind: byId.kind, archived: byId.archivedAt !== null },
      ];
    const rows = await this.sql.rows<{
      id: string;
      name: string | null;
      kind: string;
      archived_ms: unknown;
    }>(
      `SELECT id, name, kind, archived_ms FROM messaging_conversations
       WHERE kind = 'channel' AND lower(name) = lower(?) ORDER BY id LIMIT 5`,
      [ref.replace(/^#/, '')],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      archived: r.archived_ms !== null,
    }));
  }

  /** Whether the caller is an owner or admin member of the conversation. */
  async isOwnerOrAdmin(principal: PrincipalLike, conversationId: string): Promise<boolean> {
    const id = await messagingIdOf(this.store, principal);
    const member = await this.store.members.find(conversationId, id);
    return member !== undefined && member.status === 'active' && member.role !== 'member';
  }

  /**
   * Who may see a conversation's events, for outgoing subscriptions: a public channel's are
   * open to any; a private group's or a direct conversation's only to a subscription whose bot
   * is an active member.
   */
  async mayObserve(conversationId: string, botId: string | null): Promise<boolean> {
    const conversation = await this.store.conversations.findById(conversationId);
    if (!conversation) return false;
    if (conversation.kind === 'channel' && conversation.visibility === 'public') return true;
    if (botId === null) return false;
    const member = await this.store.members.find(conversationId, botId);
    return member?.status === 'active';
  }
}
