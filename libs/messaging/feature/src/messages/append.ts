import { messageSentV1, type Actor, type Card } from '@tidings/contracts';
import {
  kindOf,
  type MessageRecord,
  type MessagingStore,
  type SenderKind,
} from '@tidings/messaging/data-access';
import {
  systemSubjects,
  systemText,
  type BroadcastMention,
  type SystemMessage,
} from '@tidings/messaging/domain';
import type { Tx } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import { uuidv7 } from '@tidings/platform/bus';

/**
 * The one way a message enters a conversation — people's messages, replies and system
 * notices alike, through appendAll — so every one of them gets its seq the same way (gapless,
 * under the conversation's row lock) and its `messaging.message.sent` in the same transaction.
 */
export interface Draft {
  /** The message id when the producer assigned one (an integration's webhook); else a new v7. */
  id?: string;
  conversationId: string;
  sender: { id: string; kind: SenderKind };
  actor: Actor;
  text: string;
  broadcast: BroadcastMention | null;
  /** Resolved user ids. */
  mentions: readonly string[];
  fileIds: readonly string[];
  clientMsgId: string | null;
  /** The thread's root (already checked by mayReplyTo), or null for a top-level message. */
  thread: { id: string; senderId: string } | null;
  system: SystemMessage | null;
  /** A card, checked against the card schema (absent: none). */
  card?: Card | null;
}

export function archived(): DomainError {
  return new DomainError(
    'messaging.conversation.archived',
    'forbidden',
    'This conversation is archived: it can be read, not changed.',
  );
}

/**
 * Appends a batch of drafts in one transaction: per conversation one seq range (the drafts
 * of a conversation get consecutive seqs in their order; the conversations' rows stay locked
 * until commit), then all messages in a few
 * multi-row inserts, then their events. A draft whose conversation was archived meanwhile
 * answers the error and takes nothing; the others go on. Any other failure throws, and the
 * caller rolls the whole batch back.
 */
export async function appendAll(
  tx: Tx,
  store: MessagingStore,
  drafts: readonly Draft[],
  at: number,
): Promise<Array<MessageRecord | DomainError>> {
  const results: Array<MessageRecord | DomainError> = new Array<MessageRecord | DomainError>(
    drafts.length,
  );
  const byConversation = new Map<string, number[]>();
  drafts.forEach((draft, i) => {
    const indexes = byConversation.get(draft.conversationId) ?? [];
    indexes.push(i);
    byConversation.set(draft.conversationId, indexes);
  });
  const counts = new Map([...byConversation].map(([id, indexes]) => [id, indexes.length]));
  const lastSeqs = await store.conversations.nextSeqs(counts, at);
  const appended: Array<[Draft, MessageRecord]> = [];
  for (const [conversationId, indexes] of byConversation) {
    const last = lastSeqs.get(conversationId);
    const first = last === undefined ? 0 : last - indexes.length + 1;
    indexes.forEach((i, n) => {
      const draft = drafts[i] as Draft;
      if (last === undefined) results[i] = archived();
      else {
        const message = messageRecord(draft, first + n, at);
        results[i] = message;
        appended.push([draft, message]);
      }
    });
  }
  await store.messages.insertMany(
    appended.map(([draft, message]) => ({
      message,
      mentions: draft.mentions,
      fileIds: draft.fileIds,
    })),
  );
  await countReplies(store, appended, at);
  // Events in the drafts' order, which within a conversation is seq order.
  results.forEach((result, i) => {
    if (!(result instanceof DomainError)) publishSent(tx, drafts[i] as Draft, result);
  });
  return results;
}

function messageRecord(draft: Draft, seq: number, at: number): MessageRecord {
  return {
    id: draft.id ?? uuidv7(),
    conversationId: draft.conversationId,
    seq,
    senderId: draft.sender.id,
    senderKind: draft.sender.kind,
    clientMsgId: draft.clientMsgId,
    text: draft.text,
    broadcast: draft.broadcast,
    createdAt: at,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    threadRootId: draft.thread?.id ?? null,
    replyCount: 0,
    lastReplyAt: null,
    system: draft.system,
    card: draft.card ?? null,
    cardVersion: draft.card ? 1 : 0,
  };
}

/**
 * Counts replies on their roots. After the inserts: a root's row lock is taken after its
 * conversation's, as everywhere. A root deleted since it was checked fails the whole send.
 */
async function countReplies(
  store: MessagingStore,
  appended: ReadonlyArray<readonly [Draft, MessageRecord]>,
  at: number,
) {
  for (const [draft, message] of appended)
    if (
      draft.thread &&
      !(await store.threads.addReply(
        draft.thread,
        { senderId: draft.sender.id, seq: message.seq },
        at,
      ))
    )
      throw new DomainError('messaging.message.deleted', 'conflict', 'This message was deleted.');
}

function publishSent(tx: Tx, draft: Draft, message: MessageRecord) {
  tx.publish(messageSentV1, {
    key: draft.conversationId,
    actor: draft.actor,
    data: {
      conversationId: draft.conversationId,
      messageId: message.id,
      seq: message.seq,
      senderId: message.senderId,
      senderKind: message.senderKind,
      kind: kindOf(message),
      text: message.text,
      threadRootId: message.threadRootId ?? null,
      mentions: [...draft.mentions],
      clientMsgId: draft.clientMsgId,
      sentAt: new Date(message.createdAt).toISOString(),
      ...(draft.fileIds.length > 0 ? { fileIds: [...draft.fileIds] } : {}),
      ...(draft.broadcast ? { broadcast: draft.broadcast } : {}),
      ...(draft.system ? { system: draft.system } : {}),
      ...(message.card ? { card: message.card, cardVersion: message.cardVersion ?? 1 } : {}),
    },
  });
}

/**
 * Records what just happened to a conversation as a system message, in the transaction of
 * the change, so history shows it in order with everything else. Call it while the
 * conversation still accepts messages (before archiving it).
 */
export async function postSystem(
  tx: Tx,
  store: MessagingStore,
  conversationId: string,
  actor: Actor,
  system: SystemMessage,
): Promise<MessageRecord> {
  const ids = [actor.id, ...systemSubjects(system)];
  const names = new Map((await store.users.findMany(ids)).map((u) => [u.id, u.displayName]));
  const actorName = names.get(actor.id) ?? (actor.kind === 'system' ? 'Tidings' : actor.id);
  const [result] = await appendAll(
    tx,
    store,
    [
      {
        conversationId,
        sender: { id: actor.id, kind: actor.kind },
        actor,
        text: systemText(system, actorName, (id) => names.get(id) ?? id),
        broadcast: null,
        mentions: [],
        fileIds: [],
        clientMsgId: null,
        thread: null,
        system,
      },
    ],
    Date.now(),
  );
  if (result instanceof DomainError) throw result;
  return result as MessageRecord;
}
