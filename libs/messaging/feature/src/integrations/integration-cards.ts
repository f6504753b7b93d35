import type { Card } from '@tidings/contracts';
import {
  messagingStore,
  type MessagingStore,
  type SenderKind,
} from '@tidings/messaging/data-access';
import { DomainError } from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import { accessOf } from '../access';
import { messagingIdOf } from '../api/current-caller';
import type { Caller } from '../caller';
import { CardActions, type CardUpdate } from '../messages/card.actions';
import type { PrincipalLike } from '../messaging-options';

/** A message's card as a reader sees it, with who sent it (whose integration answers clicks). */
export interface MessageCardOf {
  conversationId: string;
  /** The bot, integration account or webhook that posted the message. */
  senderId: string;
  senderKind: SenderKind;
  /** Null: the message has no card (or is deleted). */
  card: Card | null;
  cardVersion: number;
  /** The reader as messaging knows them (`id` is their directory id). */
  reader: {
    id: string;
    /** An active member of the conversation (a public channel's reader may not be one). */
    member: boolean;
    username: string | null;
    displayName: string | null;
  };
}

/**
 * What integrations asks messaging about cards, in process (the host binds its port to this):
 * a message's card as a given reader may see it — before a click is delivered to the card's
 * sender — and an update of the card as its sender (a synchronous answer to a click, a card a
 * webhook posted). Reads messaging's own tables; integrations never reads them itself.
 */
export class IntegrationCards {
  private readonly store: MessagingStore;

  constructor(
    dataSource: DataSource,
    private readonly actions: CardActions,
  ) {
    this.store = messagingStore(dataSource);
  }

  /**
   * The message's card and sender, or null when there is no such message or the reader may
   * not read its conversation (one answer for both: ids reveal nothing).
   */
  async cardOf(messageId: string, reader: PrincipalLike): Promise<MessageCardOf | null> {
    const message = await this.store.messages.findById(messageId);
    if (!message) return null;
    const id = await messagingIdOf(this.store, reader);
    const caller: Caller = {
      id,
      kind: reader.kind,
      senderKind: reader.kind === 'bot' ? 'bot' : 'user',
      moderator: false,
    };
    let member: boolean;
    try {
      member = (await accessOf(this.store, message.conversationId, caller)).member !== undefined;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'messaging.conversation.not_found')
        return null;
      throw error;
    }
    const user = await this.store.users.findById(id);
    const deleted = message.deletedAt !== null;
    return {
      conversationId: message.conversationId,
      senderId: message.senderId,
      senderKind: message.senderKind,
      card: deleted ? null : (message.card ?? null),
      cardVersion: message.cardVersion ?? 0,
      reader: {
        id,
        member,
        username: user?.username ?? null,
        displayName: user?.displayName ?? null,
      },
    };
  }

  /**
   * Replaces the card as the message's sender (`senderId`: the bot or the webhook id).
   * Throws the DomainErrors of `PUT /messages/{id}/card`: 404 messaging.message.not_found,
   * 403 messaging.message.not_author, 409 card_version_conflict, messaging.message.deleted.
   */
  updateAsSender(
    senderId: string,
    messageId: string,
    card: Card,
    ifVersion?: number,
  ): Promise<CardUpdate> {
    return this.actions.updateAsSender(senderId, messageId, card, ifVersion);
  }
}
