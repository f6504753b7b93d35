import {
  messagingStore,
  type ConversationRecord,
  type MemberRecord,
  type MessageDetail,
  type MessageEdit,
  type MessagingStore,
  type MessagingUser,
  type UnreadCounts,
} from '@tidings/messaging/data-access';
import {
  historyRange,
  maySend,
  receiptsAllowed,
  type HistoryWindow,
} from '@tidings/messaging/domain';
import { DomainError } from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import { accessOf } from '../access';
import { userCaller, type Caller } from '../caller';
import { enforce, messageNotFound } from '../errors';

export interface ConversationListItem {
  conversation: ConversationRecord;
  member: MemberRecord;
  counts: UnreadCounts;
  lastMessage: MessageDetail | null;
  /** Direct and group conversations: who is in them (the client names them by their people). */
  memberIds: string[] | null;
}

export interface HistoryPage {
  items: MessageDetail[];
  hasOlder: boolean;
  hasNewer: boolean;
}

const notMember = () =>
  new DomainError(
    'messaging.conversation.not_member',
    'forbidden',
    'Join this conversation first.',
  );

/** What callers read. Reads change nothing, so they skip the actions and their transaction. */
export class MessagingQueries {
  private readonly store: MessagingStore;

  constructor(dataSource: DataSource) {
    this.store = messagingStore(dataSource);
  }

  /** The caller's conversations, most recently active first, with unread and mention counts. */
  async list(
    caller: Caller,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: ConversationListItem[]; nextCursor: string | null }> {
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const rows = await this.store.reading.conversationsOf(caller.id, {
      limit: page.limit,
      ...(after ? { after } : {}),
    });
    const ids = rows.map((r) => r.conversation.id);
    const small = rows
      .filter((r) => r.conversation.kind !== 'channel')
      .map((r) => r.conversation.id);
    const lastIds = rows.filter((r) => r.conversation.lastSeq > 0).map((r) => r.conversation.id);
    const [counts, members, last] = await Promise.all([
      this.store.reading.counts(caller.id, ids),
      this.store.reading.activeMemberIds(small),
      this.store.messages.latest(lastIds, caller.id),
    ]);
    const lastOf = new Map(last.map((m) => [m.conversationId, m]));
    const items = rows.map(({ conversation, member }) => ({
      conversation,
      member,
      counts: counts.get(conversation.id) ?? { unread: 0, mentions: 0 },
      lastMessage: lastOf.get(conversation.id) ?? null,
      memberIds: conversation.kind === 'channel' ? null : (members.get(conversation.id) ?? []),
    }));
    const end = rows.at(-1);
    return {
      items,
      nextCursor:
        rows.length === page.limit && end
          ? encodeCursor({ activityAt: end.conversation.lastActivityAt, id: end.conversation.id })
          : null,
    };
  }

  async get(caller: Caller, conversationId: string) {
    const { conversation, member } = await accessOf(this.store, conversationId, caller);
    return { conversation, member };
  }

  async counts(caller: Caller, conversationId: string): Promise<UnreadCounts> {
    return (
      (await this.store.reading.counts(caller.id, [conversationId])).get(conversationId) ?? {
        unread: 0,
        mentions: 0,
      }
    );
  }

  async history(
    caller: Caller,
    conversationId: string,
    window: HistoryWindow,
  ): Promise<HistoryPage> {
    const { conversation } = await accessOf(this.store, conversationId, caller);
    const range = historyRange(window, conversation.lastSeq);
    if (!range) {
      const edge = window.before ?? window.after ?? window.around ?? 0;
      return { items: [], hasOlder: edge > 1 && conversation.lastSeq > 0, hasNewer: false };
    }
    const items = await this.store.messages.range(conversationId, range, caller.id);
    return { items, hasOlder: range.from > 1, hasNewer: range.to < conversation.lastSeq };
  }

  /**
   * One message by id, with what hangs off it (after the caller sent, edited or deleted it);
   * `viewerId` decides "reacted by me" and "following".
   */
  async message(messageId: string, viewerId?: string): Promise<MessageDetail> {
    const [message] = await this.store.messages.details([messageId], viewerId);
    if (!message) throw messageNotFound();
    return message;
  }

  /** Each active member's read position — in conversations of at most 50 members. */
  async receipts(caller: Caller, conversationId: string) {
    const { conversation, member } = await accessOf(this.store, conversationId, caller);
    if (!member) throw notMember();
    enforce(receiptsAllowed(conversation.memberCount));
    const members = await this.store.members.listActive(conversationId);
    return members.map((m) => ({ userId: m.userId, lastReadSeq: m.lastReadSeq }));
  }

  /** Active members with what the users projection knows of them. */
  async members(
    caller: Caller,
    conversationId: string,
  ): Promise<Array<{ member: MemberRecord; user: MessagingUser | undefined }>> {
    await accessOf(this.store, conversationId, caller);
    const members = await this.store.members.listActive(conversationId);
    const users = new Map(
      (await this.store.users.findMany(members.map((m) => m.userId))).map((u) => [u.id, u]),
    );
    return members.map((member) => ({ member, user: users.get(member.userId) }));
  }

  /**
   * For other parts of messaging (files): may this user read the conversation — see it — and
   * post into it (an active member, not archived)? False for a conversation that does not
   * exist, so "none" and "not yours" look alike.
   */
  async canRead(userId: string, conversationId: string): Promise<boolean> {
    return (await this.accessOrNull(userId, conversationId)) !== null;
  }

  async canWrite(userId: string, conversationId: string): Promise<boolean> {
    const access = await this.accessOrNull(userId, conversationId);
    return access !== null && maySend(access.facts, access.standing).ok;
  }

  private async accessOrNull(userId: string, conversationId: string) {
    try {
      return await accessOf(this.store, conversationId, userCaller(userId));
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  /** A message's earlier texts — shown to its author only. */
  async edits(caller: Caller, messageId: string): Promise<MessageEdit[]> {
    const message = await this.store.messages.findById(messageId);
    if (!message) throw messageNotFound();
    try {
      await accessOf(this.store, message.conversationId, caller);
    } catch {
      throw messageNotFound();
    }
    if (message.senderId !== caller.id)
      throw new DomainError(
        'messaging.message.not_author',
        'forbidden',
        "Only its author sees a message's edit history.",
      );
    return this.store.messages.edits(messageId);
  }
}

function encodeCursor(cursor: { activityAt: number; id: string }): string {
  return Buffer.from(JSON.stringify([cursor.activityAt, cursor.id])).toString('base64url');
}

function decodeCursor(value: string): { activityAt: number; id: string } {
  try {
    const [activityAt, id] = JSON.parse(Buffer.from(value, 'base64url').toString()) as unknown[];
    if (typeof activityAt === 'number' && typeof id === 'string') return { activityAt, id };
  } catch {
    // fall through: a cursor is ours or it is invalid
  }
  throw new DomainError('messaging.cursor.invalid', 'invalid', 'This cursor is not one we gave.');
}
