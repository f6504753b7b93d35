import type { Card } from '@tidings/contracts';
import {
  isUniqueViolation,
  memberKey,
  messagingStore,
  type ClientMsgKey,
  type MessageRecord,
  type MessagingStore,
} from '@tidings/messaging/data-access';
import { mayMention, mayReplyTo, maySend, type ParsedMentions } from '@tidings/messaging/domain';
import { GroupCommit, type Outcome, type TransactionRunner } from '@tidings/platform/bus';
import { ConflictError, DomainError } from '@tidings/platform/errors';
import { accessFrom, type Access } from '../access';
import { actorOf, type Caller } from '../caller';
import { enforce } from '../errors';
import type { MessagingLimits } from '../messaging-options';
import { appendAll, type Draft } from './append';

/** One send as asked for, its text and file list already checked for shape. */
export interface SendRequest {
  caller: Caller;
  conversationId: string;
  text: string;
  mentions: ParsedMentions;
  clientMsgId: string | null;
  fileIds: readonly string[];
  threadRootId: string | null;
  card: Card | null;
}

/** What a send came to: the message's id, and the message itself when this send appended it. */
export interface SentMessage {
  id: string;
  /** Absent for a retry answered with its original (which may have changed since). */
  appended?: { record: MessageRecord; mentions: readonly string[]; fileIds: readonly string[] };
}

/** Sends committed together at most; a batch's checks are one read each on PostgreSQL. */
const MAX_BATCH = 100;

/**
 * Commits sends in batches (group commit, see GroupCommit): every send waiting while the
 * previous batch commits goes into the next one transaction. Within it each send is checked
 * on its own — access, files, thread root, mentions — and a refused one changes nothing;
 * retries are answered from one lookup of their client ids; the rest get their seqs a range
 * per conversation and are inserted together (appendAll).
 *
 * Should the batch fail as a whole (a retry racing its original in another process trips the
 * unique constraint, a root deleted meanwhile, …), each of its sends runs again alone, so one
 * send can never fail another.
 */
export class MessageSender {
  private readonly queue: GroupCommit<SendRequest, SentMessage>;

  constructor(
    private readonly runner: TransactionRunner,
    private readonly limits: MessagingLimits,
  ) {
    this.queue = new GroupCommit((requests) => this.commitAll(requests), MAX_BATCH);
  }

  /** Answers the message's id (the original one for a retry), with the record it appended. */
  send(request: SendRequest): Promise<SentMessage> {
    return this.queue.submit(request);
  }

  private async commitAll(requests: SendRequest[]): Promise<Array<Outcome<SentMessage>>> {
    try {
      return await this.commit(requests);
    } catch (error) {
      if (requests.length === 1)
        return [await this.afterFailure(requests[0] as SendRequest, error)];
    }
    const outcomes: Array<Outcome<SentMessage>> = [];
    for (const request of requests) {
      try {
        outcomes.push(...(await this.commit([request])));
      } catch (error) {
        outcomes.push(await this.afterFailure(request, error));
      }
    }
    return outcomes;
  }

  /**
   * The unique (conversation, sender, client id) is the last word should a retry and its
   * original ever commit side by side: the loser rolled back; it answers the winner.
   */
  private async afterFailure(request: SendRequest, error: unknown): Promise<Outcome<SentMessage>> {
    const { clientMsgId } = request;
    if (clientMsgId === null || !isUniqueViolation(error)) return { ok: false, error };
    try {
      const value = await this.runner.run(async (tx) => {
        const store = messagingStore(tx.manager);
        const original = await store.messages.findByClientMsgId(
          request.conversationId,
          request.caller.id,
          clientMsgId,
        );
        if (!original) throw error;
        return sameRetry(store, original, request.text);
      });
      return { ok: true, value: { id: value } };
    } catch (failure) {
      return { ok: false, error: failure };
    }
  }

  private commit(requests: readonly SendRequest[]): Promise<Array<Outcome<SentMessage>>> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const outcomes: Array<Outcome<SentMessage> | undefined> = requests.map(() => undefined);
      const checked: Array<{ index: number; draft: Draft }> = [];
      // Every send's conversation and the sender's membership, in one read.
      const found = await store.conversations.withMembers(
        requests.map((r) => ({ id: r.conversationId, userId: r.caller.id })),
      );
      for (const [index, request] of requests.entries()) {
        try {
          const access = accessFrom(
            found.get(memberKey(request.conversationId, request.caller.id)),
            request.caller,
          );
          checked.push({ index, draft: await this.draftOf(store, access, request) });
        } catch (error) {
          // A refusal reads, never writes: the batch goes on without this send.
          if (!(error instanceof DomainError)) throw error;
          outcomes[index] = { ok: false, error };
        }
      }
      const { fresh, sameAs } = await retriesAnswered(store, requests, checked, outcomes);
      const appended = await appendAll(
        tx,
        store,
        fresh.map((f) => f.draft),
        Date.now(),
      );
      appended.forEach((result, n) => {
        const { index, draft } = fresh[n] as { index: number; draft: Draft };
        outcomes[index] =
          result instanceof DomainError
            ? { ok: false, error: result }
            : {
                ok: true,
                value: {
                  id: result.id,
                  appended: { record: result, mentions: draft.mentions, fileIds: draft.fileIds },
                },
              };
      });
      for (const [index, first] of sameAs) outcomes[index] = outcomes[first];
      return outcomes.map((o) => o ?? { ok: false, error: new Error('send left unanswered') });
    });
  }

  /** The send's checks, in its batch's transaction: a refusal throws a DomainError. */
  private async draftOf(
    store: MessagingStore,
    access: Access,
    request: SendRequest,
  ): Promise<Draft> {
    const { caller, conversationId } = request;
    enforce(maySend(access.facts, access.standing));
    await checkFilesOwned(store, conversationId, caller.id, request.fileIds);
    const root = await rootFor(store, conversationId, request.threadRootId);
    const mentioned = await resolveMentions(
      store,
      access,
      request.mentions,
      caller.id,
      this.limits,
    );
    return {
      conversationId,
      sender: { id: caller.id, kind: caller.senderKind },
      actor: actorOf(caller),
      text: request.text,
      broadcast: request.mentions.broadcast,
      mentions: mentioned,
      fileIds: request.fileIds,
      clientMsgId: request.clientMsgId,
      thread: root,
      system: null,
      card: request.card,
    };
  }
}

/**
 * Takes the retries out of a batch: a send whose client id is already in the conversation
 * answers its original (looked up once for the whole batch), and a second send of the same
 * client id within the batch answers as the first does. What is left is to be appended.
 */
async function retriesAnswered(
  store: MessagingStore,
  requests: readonly SendRequest[],
  checked: ReadonlyArray<{ index: number; draft: Draft }>,
  outcomes: Array<Outcome<SentMessage> | undefined>,
) {
  const keyOf = (r: SendRequest) => `${r.conversationId}\n${r.caller.id}\n${r.clientMsgId}`;
  const keys: ClientMsgKey[] = checked.flatMap(({ index }) => {
    const r = requests[index] as SendRequest;
    return r.clientMsgId === null
      ? []
      : [{ conversationId: r.conversationId, senderId: r.caller.id, clientMsgId: r.clientMsgId }];
  });
  // A lone send skips the lookup: should it be a retry, its insert trips the unique
  // constraint and afterFailure answers the original — a retry is rare, a send is not. In a
  // batch the lookup keeps one retry from sending the whole batch round again one by one.
  const lookup = requests.length > 1 && keys.length > 0;
  const originals = new Map(
    (lookup ? await store.messages.findByClientMsgIds(keys) : []).map((m) => [
      `${m.conversationId}\n${m.senderId}\n${m.clientMsgId}`,
      m,
    ]),
  );
  const fresh: Array<{ index: number; draft: Draft }> = [];
  const firstOf = new Map<string, number>();
  const sameAs: Array<[number, number]> = [];
  for (const entry of checked) {
    const request = requests[entry.index] as SendRequest;
    if (request.clientMsgId === null) {
      fresh.push(entry);
      continue;
    }
    const key = keyOf(request);
    const original = originals.get(key);
    const first = firstOf.get(key);
    try {
      if (original)
        outcomes[entry.index] = {
          ok: true,
          value: { id: await sameRetry(store, original, request.text) },
        };
      else if (first !== undefined) {
        if ((requests[first] as SendRequest).text !== request.text) throw reused();
        sameAs.push([entry.index, first]);
      } else {
        firstOf.set(key, entry.index);
        fresh.push(entry);
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes[entry.index] = { ok: false, error };
    }
  }
  return { fresh, sameAs };
}

const reused = (messageId?: string) =>
  new ConflictError(
    'messaging.client_msg_id.reused',
    'This clientMsgId was already used for a different message.',
    messageId ? { messageId } : undefined,
  );

/**
 * A retry must be the same message: the same client id with another text is a client bug
 * that would otherwise lose the second message silently. Compared with the text as first
 * sent (the edit history keeps it); a deleted original answers as the tombstone it is.
 */
async function sameRetry(store: MessagingStore, original: MessageRecord, text: string) {
  if (original.deletedAt === null) {
    const first =
      original.editedAt === null
        ? original.text
        : (await store.messages.edits(original.id))[0]?.previousText;
    if (first !== text) throw reused(original.id);
  }
  return original.id;
}

/** The checked root of a reply (null for a top-level message). */
async function rootFor(store: MessagingStore, conversationId: string, rootId: string | null) {
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
export async function resolveMentions(
  store: MessagingStore,
  access: Access,
  mentions: ParsedMentions,
  senderId: string,
  limits: MessagingLimits,
): Promise<string[]> {
  enforce(
    mayMention(
      access.facts,
      access.standing,
      mentions.broadcast,
      access.conversation.memberCount,
      limits.mentionAllMaxMembers,
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

function invalidFiles(message: string, fileIds?: readonly string[]): DomainError {
  return new DomainError(
    'messaging.file.invalid',
    'invalid',
    message,
    fileIds ? { details: { fileIds: [...fileIds] } } : undefined,
  );
}

/** At most this many files in one message. */
export const MESSAGE_MAX_FILES = 10;

/** The list itself: at most MESSAGE_MAX_FILES ids, none twice. */
export function checkFileList(fileIds: readonly string[]) {
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
