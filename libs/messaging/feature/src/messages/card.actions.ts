import { messageCardUpdatedV1, type Card } from '@tidings/contracts';
import {
  messagingStore,
  type ConversationRecord,
  type MessageRecord,
  type MessagingStore,
} from '@tidings/messaging/data-access';
import { mayEdit } from '@tidings/messaging/domain';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import { ConflictError, ForbiddenError } from '@tidings/platform/errors';
import { factsOf } from '../access';
import type { Caller } from '../caller';
import { enforce, messageNotFound } from '../errors';
import { messageAccessOf } from './message-access';

/** What an update of a card answers (and `PUT /messages/{id}/card` shows). */
export interface CardUpdate {
  messageId: string;
  conversationId: string;
  card: Card;
  cardVersion: number;
}

/**
 * Updating a message's card. Only the message's sender may: the bot or integration account
 * that posted it (through REST), or — in process, for integrations — the webhook whose id it
 * carries. The card, not the text: an edit of the text keeps the card, and this keeps the text.
 * Each update is one transaction with its `messaging.message.card_updated`; the version is
 * compared and set in the UPDATE itself, so of two updates from one version one wins.
 */
export class CardActions {
  constructor(private readonly runner: TransactionRunner) {}

  /** As the caller (REST): a message they cannot read is 404, one they did not send 403. */
  async update(
    caller: Caller,
    messageId: string,
    card: Card,
    ifVersion?: number,
  ): Promise<CardUpdate> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { message, access } = await messageAccessOf(store, caller, messageId);
      return replace(tx, store, { message, conversation: access.conversation }, caller.id, {
        card,
        ifVersion,
      });
    });
  }

  /**
   * As the message's sender, by id (integrations, in process: a synchronous answer to a
   * click, a card its webhook posted). No membership is asked for — a webhook is no member —
   * only that `senderId` sent the message and the conversation still takes changes.
   */
  async updateAsSender(
    senderId: string,
    messageId: string,
    card: Card,
    ifVersion?: number,
  ): Promise<CardUpdate> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const message = await store.messages.findById(messageId);
      const conversation = message && (await store.conversations.findById(message.conversationId));
      if (!message || !conversation) throw messageNotFound();
      return replace(tx, store, { message, conversation }, senderId, { card, ifVersion });
    });
  }
}

async function replace(
  tx: Tx,
  store: MessagingStore,
  { message, conversation }: { message: MessageRecord; conversation: ConversationRecord },
  senderId: string,
  { card, ifVersion }: { card: Card; ifVersion: number | undefined },
): Promise<CardUpdate> {
  // The edit rule minus authorship (asked as the sender itself): the conversation takes
  // changes, the message is not deleted and is nobody's notice. Authorship is the sender's.
  enforce(
    mayEdit(
      factsOf(conversation),
      {
        senderId: message.senderId,
        deleted: message.deletedAt !== null,
        system: Boolean(message.system),
      },
      message.senderId,
    ),
  );
  if (message.senderId !== senderId)
    throw new ForbiddenError(
      'messaging.message.not_author',
      "Only the message's sender (the bot or integration that posted it) updates its card.",
    );
  const current = message.cardVersion ?? 0;
  if (ifVersion !== undefined && ifVersion !== current) throw versionConflict(current);
  const cardVersion = await store.messages.replaceCard(
    message.id,
    card,
    ifVersion === undefined ? undefined : current,
  );
  if (cardVersion === undefined)
    throw versionConflict((await store.messages.findById(message.id))?.cardVersion ?? current);
  const actor = { kind: message.senderKind, id: message.senderId };
  tx.publish(messageCardUpdatedV1, {
    key: message.conversationId,
    actor,
    data: {
      conversationId: message.conversationId,
      messageId: message.id,
      card,
      cardVersion,
      actor,
    },
  });
  return { messageId: message.id, conversationId: message.conversationId, card, cardVersion };
}

/** `ifVersion` no longer names the card: someone updated it since the sender read it. */
function versionConflict(cardVersion: number): ConflictError {
  return new ConflictError(
    'card_version_conflict',
    'The card was updated since that version: read it again and retry.',
    { cardVersion },
  );
}
