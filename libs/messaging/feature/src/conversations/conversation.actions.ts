import {
  conversationArchivedV1,
  conversationCreatedV1,
  conversationUnarchivedV1,
  conversationUpdatedV1,
} from '@tidings/contracts';
import {
  messagingStore,
  type ConversationContext,
  type ConversationRecord,
  type MemberRecord,
  type MessagingStore,
} from '@tidings/messaging/data-access';
import {
  directKey,
  groupMembers,
  mayArchive,
  mayUnarchive,
  mayUpdate,
  normalizeName,
  type MemberRole,
  type Visibility,
} from '@tidings/messaging/domain';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import { uuidv7 } from '@tidings/platform/bus';
import { accessOf } from '../access';
import { actorOf, type Caller } from '../caller';
import { enforce, notArchived, usersNotFound } from '../errors';
import { postSystem } from '../messages/append';

export type NewConversation =
  | { kind: 'direct'; userId: string }
  | { kind: 'group'; userIds: string[] }
  | {
      kind: 'channel';
      visibility: Visibility;
      name: string;
      topic?: string | null;
      purpose?: string | null;
      memberIds?: string[];
      /**
       * A widget context conversation (widget-contexts/): one per context — opening it again
       * answers the existing one, as for direct conversations.
       */
      context?: ConversationContext;
    };

export interface ConversationChanges {
  name?: string;
  topic?: string | null;
  purpose?: string | null;
}

/**
 * Creating, renaming, archiving and unarchiving conversations — each a check, then the change
 * and its event in one transaction (DESIGN §4.1).
 */
export class ConversationActions {
  constructor(private readonly runner: TransactionRunner) {}

  /**
   * Direct and group conversations are opened rather than created: asking again for the same
   * people answers the existing one (`created: false`), also when two people open it at once.
   */
  async create(
    caller: Caller,
    input: NewConversation,
  ): Promise<{ conversation: ConversationRecord; created: boolean }> {
    return this.runner.run((tx) => this.createIn(tx, caller, input));
  }

  async update(
    caller: Caller,
    conversationId: string,
    changes: ConversationChanges,
  ): Promise<ConversationRecord> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { conversation, facts, standing } = await accessOf(store, conversationId, caller);
      const patch: ConversationChanges = {};
      if (changes.name !== undefined && normalizeName(changes.name) !== conversation.name)
        patch.name = normalizeName(changes.name);
      for (const field of ['topic', 'purpose'] as const) {
        if (changes[field] === undefined) continue;
        const value = changes[field]?.trim() || null; // blank clears, like null
        if (value !== conversation[field]) patch[field] = value;
      }
      const changed = Object.keys(patch) as Array<'name' | 'topic' | 'purpose'>;
      enforce(mayUpdate(facts, standing, { name: patch.name !== undefined }));
      if (changed.length === 0) return conversation;
      await store.conversations.update(conversationId, patch);
      const updated = { ...conversation, ...patch };
      // Each change also in history, where everyone sees who changed what and when.
      const actor = actorOf(caller);
      if (patch.name !== undefined)
        await postSystem(tx, store, conversationId, actor, {
          type: 'conversation.renamed',
          name: updated.name ?? '',
          previousName: conversation.name,
        });
      if (patch.topic !== undefined)
        await postSystem(tx, store, conversationId, actor, {
          type: 'conversation.topic_changed',
          topic: updated.topic,
        });
      if (patch.purpose !== undefined)
        await postSystem(tx, store, conversationId, actor, {
          type: 'conversation.purpose_changed',
          purpose: updated.purpose,
        });
      tx.publish(conversationUpdatedV1, {
        key: conversationId,
        actor: actorOf(caller),
        data: {
          conversationId,
          name: updated.name,
          topic: updated.topic,
          purpose: updated.purpose,
          changed,
          updatedBy: caller.id,
        },
      });
      return updated;
    });
  }

  async archive(caller: Caller, conversationId: string): Promise<ConversationRecord> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { conversation, facts, standing } = await accessOf(store, conversationId, caller);
      enforce(mayArchive(facts, standing));
      // The notice first: once archived, the conversation takes no more messages.
      await postSystem(tx, store, conversationId, actorOf(caller), {
        type: 'conversation.archived',
      });
      const at = Date.now();
      await store.conversations.archive(conversationId, caller.id, at);
      tx.publish(conversationArchivedV1, {
        key: conversationId,
        actor: actorOf(caller),
        data: { conversationId, archivedBy: caller.id, archivedAt: new Date(at).toISOString() },
      });
      return {
        ...conversation,
        archivedAt: at,
        archivedBy: caller.id,
        lastSeq: conversation.lastSeq + 1,
      };
    });
  }

  /**
   * Reopens an archived channel: the reverse of archive, by the same people. Membership is
   * as it was when archived (a channel following the directory picks up its next change; it
   * did not follow while archived).
   */
  async unarchive(caller: Caller, conversationId: string): Promise<ConversationRecord> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { conversation, facts, standing } = await accessOf(store, conversationId, caller);
      enforce(mayUnarchive(facts, standing));
      // The conditional UPDATE decides: of two concurrent unarchives (both read "archived"
      // above) the second finds the channel open and gets the same 409 as a late one.
      if (!(await store.conversations.unarchive(conversationId))) throw notArchived();
      // The notice after reopening: an archived conversation takes no messages.
      const notice = await postSystem(tx, store, conversationId, actorOf(caller), {
        type: 'conversation.unarchived',
      });
      tx.publish(conversationUnarchivedV1, {
        key: conversationId,
        actor: actorOf(caller),
        data: {
          conversationId,
          unarchivedBy: caller.id,
          unarchivedAt: new Date(notice.createdAt).toISOString(),
        },
      });
      return {
        ...conversation,
        archivedAt: null,
        archivedBy: null,
        lastSeq: notice.seq,
        lastActivityAt: notice.createdAt,
      };
    });
  }

  /**
   * create within a transaction the caller already runs (opening a widget context creates
   * the channel and, when another request created it first, joins it, in one transaction).
   */
  async createIn(
    tx: Tx,
    caller: Caller,
    input: NewConversation,
  ): Promise<{ conversation: ConversationRecord; created: boolean }> {
    const store = messagingStore(tx.manager);
    const members = membersOf(caller, input);
    // Everyone besides the caller must be a person the directory has and who is active.
    await requireActiveUsers(
      store,
      members.filter((m) => m.userId !== caller.id).map((m) => m.userId),
    );
    const key = input.kind === 'channel' ? null : keyOf(caller, input);
    const context = input.kind === 'channel' ? (input.context ?? null) : null;
    const findExisting = () =>
      key
        ? store.conversations.findByDirectKey(key)
        : context
          ? store.conversations.findByContext(context.origin, context.key)
          : Promise.resolve(undefined);
    const existing = await findExisting();
    if (existing) return { conversation: existing, created: false };
    const at = Date.now();
    const conversation: ConversationRecord = {
      id: uuidv7(),
      kind: input.kind,
      visibility: input.kind === 'channel' ? input.visibility : 'private',
      name: input.kind === 'channel' ? normalizeName(input.name) : null,
      topic: input.kind === 'channel' ? input.topic?.trim() || null : null,
      purpose: input.kind === 'channel' ? input.purpose?.trim() || null : null,
      directKey: key,
      createdBy: caller.id,
      createdAt: at,
      archivedAt: null,
      archivedBy: null,
      lastSeq: 0,
      lastActivityAt: at,
      memberCount: members.length,
      membershipSource: null,
      context,
    };
    if (!(await store.conversations.insert(conversation))) {
      // Another request opened it a moment ago; its row is committed and visible now (and
      // this transaction wrote nothing yet: no half-made conversation is left behind).
      const existing = await findExisting();
      if (!existing) throw new Error(`conversation ${conversation.id} was not inserted`);
      return { conversation: existing, created: false };
    }
    await store.members.insertMany(
      members.map((m): MemberRecord => ({
        conversationId: conversation.id,
        userId: m.userId,
        role: m.role,
        status: 'active',
        joinedAt: at,
        lastReadSeq: 0,
      })),
    );
    tx.publish(conversationCreatedV1, {
      key: conversation.id,
      actor: actorOf(caller),
      data: {
        conversationId: conversation.id,
        kind: conversation.kind,
        visibility: conversation.visibility,
        name: conversation.name,
        topic: conversation.topic,
        purpose: conversation.purpose,
        createdBy: caller.id,
        members,
        createdAt: new Date(at).toISOString(),
      },
    });
    return { conversation, created: true };
  }
}

function keyOf(caller: Caller, input: Exclude<NewConversation, { kind: 'channel' }>): string {
  return input.kind === 'direct'
    ? directKey('direct', [caller.id, input.userId])
    : directKey('group', [caller.id, ...input.userIds]);
}

/** The first members and their roles: a channel's creator owns it; the rest are members. */
function membersOf(
  caller: Caller,
  input: NewConversation,
): Array<{ userId: string; role: MemberRole }> {
  if (input.kind === 'direct')
    return [...new Set([caller.id, input.userId])].map((userId) => ({ userId, role: 'member' }));
  if (input.kind === 'group') {
    const ids = groupMembers(caller.id, input.userIds);
    if (!Array.isArray(ids)) {
      enforce(ids);
      return [];
    }
    return ids.map((userId) => ({ userId, role: 'member' }));
  }
  const others = [...new Set(input.memberIds ?? [])].filter((id) => id !== caller.id);
  return [
    { userId: caller.id, role: 'owner' },
    ...others.map((userId) => ({ userId, role: 'member' as const })),
  ];
}

/** 404 `messaging.user.not_found` naming every id the users projection has no active user for. */
export async function requireActiveUsers(store: MessagingStore, userIds: readonly string[]) {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  const active = await store.users.activeAmong(unique);
  const missing = unique.filter((id) => !active.has(id));
  if (missing.length > 0) throw usersNotFound(missing);
}
