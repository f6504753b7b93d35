import {
  messagingStore,
  type MessageDetail,
  type MessagingStore,
  type PinCursor,
  type ThreadPage,
} from '@tidings/messaging/data-access';
import { mayFollow } from '@tidings/messaging/domain';
import { DomainError } from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import { accessOf } from '../access';
import type { Caller } from '../caller';
import { enforce } from '../errors';
import { messageAccessOf } from '../messages/message-access';

export interface ThreadView {
  root: MessageDetail;
  /** Everyone who replied, in the order they first did. */
  participants: string[];
  replies: MessageDetail[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/** Reads of threads, pins and reactions: whoever may read the conversation may read these. */
export class ExtrasQueries {
  private readonly store: MessagingStore;

  constructor(dataSource: DataSource) {
    this.store = messagingStore(dataSource);
  }

  /** A thread: its root and a page of replies (from the first, unless a cursor says else). */
  async thread(caller: Caller, rootId: string, page: ThreadPage): Promise<ThreadView> {
    const { message } = await messageAccessOf(this.store, caller, rootId);
    enforce(
      mayFollow({
        threadRootId: message.threadRootId ?? null,
        deleted: message.deletedAt !== null,
        system: Boolean(message.system),
      }),
    );
    const [[root], participants, replies] = await Promise.all([
      this.store.messages.details([rootId], caller.id),
      this.store.threads.participants(rootId),
      this.store.threads.replies(rootId, page, caller.id),
    ]);
    if (!root) throw new Error(`message ${rootId} vanished`);
    return { root, participants, ...replies, replies: replies.items };
  }

  /** A conversation's pinned messages, most recently pinned first. */
  async pins(
    caller: Caller,
    conversationId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: MessageDetail[]; nextCursor: string | null }> {
    await accessOf(this.store, conversationId, caller);
    const after = page.cursor ? decodePinCursor(page.cursor) : undefined;
    const items = await this.store.pins.list(
      conversationId,
      { limit: page.limit, ...(after ? { after } : {}) },
      caller.id,
    );
    const end = items.at(-1);
    return {
      items,
      nextCursor:
        items.length === page.limit && end?.pinned
          ? encodePinCursor({ pinnedAt: end.pinned.at, messageId: end.id })
          : null,
    };
  }

  /** Who reacted with what on one message. */
  async reactions(caller: Caller, messageId: string) {
    await messageAccessOf(this.store, caller, messageId);
    return this.store.reactions.users(messageId);
  }
}

function encodePinCursor(cursor: PinCursor): string {
  return Buffer.from(JSON.stringify([cursor.pinnedAt, cursor.messageId])).toString('base64url');
}

function decodePinCursor(value: string): PinCursor {
  try {
    const [pinnedAt, messageId] = JSON.parse(
      Buffer.from(value, 'base64url').toString(),
    ) as unknown[];
    if (typeof pinnedAt === 'number' && typeof messageId === 'string')
      return { pinnedAt, messageId };
  } catch {
    // fall through: a cursor is ours or it is invalid
  }
  throw new DomainError('messaging.cursor.invalid', 'invalid', 'This cursor is not one we gave.');
}
