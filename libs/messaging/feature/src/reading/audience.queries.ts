import { messagingStore, type MessagingStore } from '@tidings/messaging/data-access';
import type { DataSource } from 'typeorm';
import { messagingIdOf } from '../api/current-caller';
import type { PrincipalLike } from '../messaging-options';

/**
 * What the real-time gateway asks messaging (it may not read messaging's tables): who is in a
 * conversation — the recipients of its events and typing — and which id a signed-in principal
 * has here, so its sockets are found under the id conversations list as members.
 */
export class AudienceQueries {
  private readonly store: MessagingStore;

  constructor(dataSource: DataSource) {
    this.store = messagingStore(dataSource);
  }

  /** The conversation's active members; none for an unknown conversation. */
  async membersOf(conversationId: string): Promise<string[]> {
    const members = await this.store.reading.activeMemberIds([conversationId]);
    return members.get(conversationId) ?? [];
  }

  /** The id messaging knows this principal by (as the REST routes resolve their caller). */
  recipientIdOf(principal: PrincipalLike): Promise<string> {
    return messagingIdOf(this.store, principal);
  }
}
