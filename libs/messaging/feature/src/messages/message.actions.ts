import { messageDeletedV1, messageEditedV1, type Card } from '@tidings/contracts';
import { messagingStore } from '@tidings/messaging/data-access';
import { all, mayDelete, mayEdit, maySend, parseMentions } from '@tidings/messaging/domain';
import type { TransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import { actorOf, type Caller } from '../caller';
import { enforce } from '../errors';
import type { MessagingLimits } from '../messaging-options';
import { messageAccessOf } from './message-access';
import { checkFileList, MessageSender, resolveMentions, type SentMessage } from './message-sender';

export interface NewMessage {
  text: string;
  /** The client's id for this send: a retry with the same id answers the original message. */
  clientMsgId?: string | null;
  fileIds?: readonly string[];
  /** A reply: the thread's root, a top-level message of the same conversation. */
  threadRootId?: string | null;
  /** A card, already checked against the card schema (the text may then be empty). */
  card?: Card | null;
}

/**
 * Sending, editing and deleting messages. Sends are committed in batches by MessageSender
 * (group commit); an edit or a delete is one transaction of its own.
 */
export class MessageActions {
  private readonly sender: MessageSender;

  constructor(
    private readonly runner: TransactionRunner,
    private readonly limits: MessagingLimits,
  ) {
    this.sender = new MessageSender(runner, limits);
  }

  /** Answers the id of the message (the original one for a retry). */
  async send(caller: Caller, conversationId: string, input: NewMessage): Promise<string> {
    return (await this.sendKeepingRecord(caller, conversationId, input)).id;
  }

  /** send, also answering the message as appended (none for a retry): see SentMessage. */
  async sendKeepingRecord(
    caller: Caller,
    conversationId: string,
    input: NewMessage,
  ): Promise<SentMessage> {
    const fileIds = [...(input.fileIds ?? [])];
    checkFileList(fileIds);
    const card = input.card ?? null;
    this.checkText(input.text, fileIds.length > 0 || card !== null);
    return this.sender.send({
      caller,
      conversationId,
      text: input.text,
      mentions: parseMentions(input.text),
      clientMsgId: input.clientMsgId ?? null,
      fileIds,
      threadRootId: input.threadRootId ?? null,
      card,
    });
  }

  /** Replaces the text (the card, if any, stays: its sender updates it on its own). */
  async edit(caller: Caller, messageId: string, text: string): Promise<string> {
    // Emptiness is judged once the message is read: a card's text may be empty.
    this.checkText(text, true);
    const mentions = parseMentions(text);
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { message, access } = await messageAccessOf(store, caller, messageId);
      if (!message.card) this.checkText(text, false);
      enforce(
        all(
          () => maySend(access.facts, access.standing),
          () =>
            mayEdit(
              access.facts,
              {
                senderId: message.senderId,
                deleted: message.deletedAt !== null,
                system: Boolean(message.system),
              },
              caller.id,
            ),
        ),
      );
      if (text === message.text) return message.id;
      const mentioned = await resolveMentions(store, access, mentions, caller.id, this.limits);
      const at = Date.now();
      const edited = await store.messages.edit(
        message,
        { text, broadcast: mentions.broadcast, mentions: mentioned },
        caller.id,
        at,
      );
      if (!edited)
        throw new DomainError('messaging.message.deleted', 'conflict', 'This message was deleted.');
      tx.publish(messageEditedV1, {
        key: message.conversationId,
        actor: actorOf(caller),
        data: {
          conversationId: message.conversationId,
          messageId,
          seq: message.seq,
          editorId: caller.id,
          text,
          mentions: mentioned,
          broadcast: mentions.broadcast,
          editedAt: new Date(at).toISOString(),
        },
      });
      return message.id;
    });
  }

  /** Idempotent: deleting a deleted message changes nothing and says nothing. */
  async delete(caller: Caller, messageId: string): Promise<string> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { message, access } = await messageAccessOf(store, caller, messageId);
      const facts = {
        senderId: message.senderId,
        deleted: message.deletedAt !== null,
        system: Boolean(message.system),
      };
      enforce(mayDelete(access.facts, facts, caller.id, access.standing));
      if (facts.deleted) return message.id;
      const at = Date.now();
      const fileIds = await store.messages.tombstone(messageId, caller.id, at);
      if (message.threadRootId) await store.threads.removeReply(message.threadRootId);
      tx.publish(messageDeletedV1, {
        key: message.conversationId,
        actor: actorOf(caller),
        data: {
          conversationId: message.conversationId,
          messageId,
          seq: message.seq,
          senderId: message.senderId,
          deletedBy: caller.id,
          fileIds,
          deletedAt: new Date(at).toISOString(),
        },
      });
      return message.id;
    });
  }

  private checkText(text: string, hasFiles: boolean) {
    if (text.trim() === '' && !hasFiles)
      throw new DomainError(
        'messaging.message.empty',
        'unprocessable',
        'A message needs text, a file or a card.',
      );
    // Characters as people count them (code points): an emoji is one, not two.
    if (text.length > this.limits.maxMessageChars && [...text].length > this.limits.maxMessageChars)
      throw new DomainError(
        'messaging.message.too_long',
        'unprocessable',
        `A message holds at most ${this.limits.maxMessageChars} characters.`,
        { details: { maxChars: this.limits.maxMessageChars } },
      );
  }
}
