import { messageDeletedV1, messageEditedV1 } from '@tidings/contracts';
import {
  isUniqueViolation,
  messagingStore,
  type MessageRecord,
  type MessagingStore,
} from '@tidings/messaging/data-access';
import {
  all,
  mayDelete,
  mayEdit,
  mayMention,
  mayReplyTo,
  maySend,
  parseMentions,
  type ParsedMentions,
} from '@tidings/messaging/domain';
import type { TransactionRunner } from '@tidings/platform/bus';
import { ConflictError, DomainError } from '@tidings/platform/errors';
import { accessOf, type Access } from '../access';
import { actorOf, type Caller } from '../caller';
import { enforce } from '../errors';
import type { MessagingLimits } from '../messaging-options';
import { insertMessage, takeSeq } from './append';
import { messageAccessOf } from './message-access';

export interface NewMessage {
  text: string;
  /** The client's id for this send: a retry with the same id answers the original message. */
  clientMsgId?: string | null;
  fileIds?: readonly string[];
  /** A reply: the thread's root, a top-level message of the same conversation. */
  threadRootId?: string | null;
}

/**
 * Sending, editing and deleting messages. A send is one transaction of few statements: read
 * the conversation with the caller's membership, (a reply) its root, resolve mentioned names,
 * take the next seq, (with a client id) look for an original, insert the message (+ mentions,
 * files; a reply also counts on its root), and the outbox row.
 */
export class MessageActions {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly limits: MessagingLimits,
  ) {}

  /** Answers the id of the message (the original one for a retry). */
  async send(caller: Caller, conversationId: string, input: NewMessage): Promise<string> {
    const fileIds = [...(input.fileIds ?? [])];
    checkFileList(fileIds);
    this.checkText(input.text, fileIds.length > 0);
    const mentions = parseMentions(input.text);
    const clientMsgId = input.clientMsgId ?? null;
    try {
      return await this.runner.run(async (tx) => {
        const store = messagingStore(tx.manager);
        const access = await accessOf(store, conversationId, caller);
        enforce(maySend(access.facts, access.standing));
        await checkFilesOwned(store, conversationId, caller.id, fileIds);
        const root = await this.rootFor(store, conversationId, input.threadRootId ?? null);
        const mentioned = await this.resolve(store, access, mentions, caller.id);
        const at = Date.now();
        // From here to commit this transaction holds the conversation's row lock: seqs come
        // out gapless, and a retry looking for its original below sees every send that
        // committed before it.
        const seq = await takeSeq(store, conversationId, at);
        if (clientMsgId !== null) {
          const original = await store.messages.findByClientMsgId(
            conversationId,
            caller.id,
            clientMsgId,
          );
          // Rolls back, giving the seq back; answered below.
          if (original) throw new Retry(await this.sameRetry(store, original, input.text));
        }
        const message = await insertMessage(
          tx,
          store,
          {
            conversationId,
            sender: { id: caller.id, kind: caller.senderKind },
            actor: actorOf(caller),
            text: input.text,
            broadcast: mentions.broadcast,
            mentions: mentioned,
            fileIds,
            clientMsgId,
            thread: root,
            system: null,
          },
          seq,
          at,
        );
        return message.id;
      });
    } catch (error) {
      if (error instanceof Retry) return error.originalId;
      // The unique (conversation, sender, client id) is the last word should two retries
      // ever pass the check above together: the loser rolled back; answer the winner.
      if (clientMsgId === null || !isUniqueViolation(error)) throw error;
      return this.runner.run(async (tx) => {
        const store = messagingStore(tx.manager);
        const original = await store.messages.findByClientMsgId(
          conversationId,
          caller.id,
          clientMsgId,
        );
        if (!original) throw error;
        return this.sameRetry(store, original, input.text);
      });
    }
  }

  async edit(caller: Caller, messageId: string, text: string): Promise<string> {
    this.checkText(text, false);
    const mentions = parseMentions(text);
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { message, access } = await messageAccessOf(store, caller, messageId);
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
      const mentioned = await this.resolve(store, access, mentions, caller.id);
      const at = Date.now();
      await store.messages.edit(
        message,
        { text, broadcast: mentions.broadcast, mentions: mentioned },
        caller.id,
        at,
      );
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

  /** The checked root of a reply (null for a top-level message). */
  private async rootFor(store: MessagingStore, conversationId: string, rootId: string | null) {
    if (rootId === null) return null;
    const root = await store.messages.findById(rootId);
    enforce(
      mayReplyTo(
        conversationId,
        root && {
          conversationId: root.conversationId,
          threadRootId: root.threadRootId ?? null,
          deleted: root.deletedAt !== null,
          system: Boolean(root.system),
        },
      ),
    );
    return root ? { id: root.id, senderId: root.senderId } : null;
  }

  /**
   * Mentioned names (and `@department`) → ids of active users, after checking the caller may
   * notify everyone.
   */
  private async resolve(
    store: MessagingStore,
    access: Access,
    mentions: ParsedMentions,
    senderId: string,
  ) {
    enforce(
      mayMention(
        access.facts,
        access.standing,
        mentions.broadcast,
        access.conversation.memberCount,
        this.limits.mentionAllMaxMembers,
        mentions.department,
      ),
    );
    const ids = await store.users.activeIdsByUsername(mentions.usernames);
    const named = mentions.usernames.flatMap((name) => {
      const id = ids.get(name);
      return id ? [id] : [];
    });
    if (!mentions.department) return named;
    // `@department` becomes mentions of each member in the sender's department, so unread
    // mention counts need nothing new.
    const peers = await store.users.activeMembersOfSameDepartment(access.conversation.id, senderId);
    return [...new Set([...named, ...peers])];
  }

  /**
   * A retry must be the same message: the same client id with another text is a client bug
   * that would otherwise lose the second message silently. Compared with the text as first
   * sent (the edit history keeps it); a deleted original answers as the tombstone it is.
   */
  private async sameRetry(store: MessagingStore, original: MessageRecord, text: string) {
    if (original.deletedAt === null) {
      const first =
        original.editedAt === null
          ? original.text
          : (await store.messages.edits(original.id))[0]?.previousText;
      if (first !== text)
        throw new ConflictError(
          'messaging.client_msg_id.reused',
          'This clientMsgId was already used for a different message.',
          { messageId: original.id },
        );
    }
    return original.id;
  }

  private checkText(text: string, hasFiles: boolean) {
    if (text.trim() === '' && !hasFiles)
      throw new DomainError(
        'messaging.message.empty',
        'unprocessable',
        'A message needs text or a file.',
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

/** At most this many files in one message. */
export const MESSAGE_MAX_FILES = 10;

function invalidFiles(message: string, fileIds?: readonly string[]): DomainError {
  return new DomainError(
    'messaging.file.invalid',
    'invalid',
    message,
    fileIds ? { details: { fileIds: [...fileIds] } } : undefined,
  );
}

/** The list itself: at most MESSAGE_MAX_FILES ids, none twice. */
function checkFileList(fileIds: readonly string[]) {
  if (fileIds.length > MESSAGE_MAX_FILES)
    throw invalidFiles(`A message holds at most ${MESSAGE_MAX_FILES} files.`);
  const twice = fileIds.filter((id, i) => fileIds.indexOf(id) !== i);
  if (twice.length > 0) throw invalidFiles('A file is attached twice.', [...new Set(twice)]);
}

/**
 * Each file must have been uploaded to this conversation by the sender. Checked inside the
 * send's transaction, before the seq is taken; the same answer for an unknown id and for
 * someone else's file, so ids reveal nothing.
 */
async function checkFilesOwned(
  store: MessagingStore,
  conversationId: string,
  senderId: string,
  fileIds: readonly string[],
) {
  if (fileIds.length === 0) return;
  const owned = await store.messages.filesUploadedBy(conversationId, senderId, fileIds);
  const invalid = fileIds.filter((id) => !owned.has(id));
  if (invalid.length > 0)
    throw invalidFiles('Attach only files you uploaded to this conversation.', invalid);
}

/** Not a failure: unwinds a retry's transaction (and its seq) to answer the original. */
class Retry extends Error {
  constructor(readonly originalId: string) {
    super('retry of a message already sent');
  }
}
