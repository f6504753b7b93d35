import {
  messagingStore,
  type ChannelDirectoryCursor,
  type ChannelDirectoryEntry,
  type MessagingStore,
} from '@tidings/messaging/data-access';
import { normalizeName } from '@tidings/messaging/domain';
import { DomainError } from '@tidings/platform/errors';
import type { DataSource } from 'typeorm';
import type { Caller } from '../caller';

export interface ChannelDirectoryRequest {
  /** Part of a channel's name (case-insensitive, anywhere in it); blank lists every channel. */
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
  includeArchived: boolean;
}

export interface ChannelDirectoryPage {
  items: ChannelDirectoryEntry[];
  nextCursor: string | null;
}

/**
 * The channel directory: public channels to browse and join, by name. Anyone who may read
 * messages may read any public channel (isVisibleTo), so the list needs no access check per
 * channel — only the caller's id, for `joined`. A read: no transaction, no event.
 */
export class ChannelDirectoryQueries {
  private readonly store: MessagingStore;

  constructor(dataSource: DataSource) {
    this.store = messagingStore(dataSource);
  }

  async list(caller: Caller, request: ChannelDirectoryRequest): Promise<ChannelDirectoryPage> {
    // Names are stored normalized (trimmed, inner white space one space): so is the query.
    const contains = normalizeName(request.q ?? '') || null;
    const after = request.cursor ? decodeCursor(request.cursor) : undefined;
    // One more than the page tells whether there is a next one, without counting.
    const rows = await this.store.channelDirectory.list({
      viewerId: caller.id,
      contains,
      includeArchived: request.includeArchived,
      ...(after ? { after } : {}),
      limit: request.limit + 1,
    });
    const items = rows.slice(0, request.limit);
    const last = items.at(-1);
    return {
      items,
      nextCursor:
        rows.length > request.limit && last
          ? encodeCursor({ nameKey: last.nameKey, id: last.id })
          : null,
    };
  }
}

function encodeCursor(cursor: ChannelDirectoryCursor): string {
  return Buffer.from(JSON.stringify([cursor.nameKey, cursor.id])).toString('base64url');
}

function decodeCursor(value: string): ChannelDirectoryCursor {
  try {
    const [nameKey, id] = JSON.parse(Buffer.from(value, 'base64url').toString()) as unknown[];
    if (typeof nameKey === 'string' && typeof id === 'string') return { nameKey, id };
  } catch {
    // fall through: a cursor is ours or it is invalid
  }
  throw new DomainError('messaging.cursor.invalid', 'invalid', 'This cursor is not one we gave.');
}
