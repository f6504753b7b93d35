import type { MessageDetail } from '@tidings/messaging/data-access';
import type { Caller } from '../caller';
import type { SentMessage } from './message-sender';

/**
 * The detail of a message this request just appended, from what the send already holds, so
 * the POST answers without reading it back (two statements per send, measured in the realtime
 * bench). Nothing can hang off it yet: no reactions, replies, pin or follows. Undefined where
 * that is not enough — a retry's original (it may have changed since), files to describe, an
 * author the request did not read — and the caller reads the message instead.
 */
export function appendedDetail(sent: SentMessage, caller: Caller): MessageDetail | undefined {
  const { appended } = sent;
  if (!appended || !caller.author || appended.fileIds.length > 0) return undefined;
  return {
    ...appended.record,
    // Listed by user id, as a read of the message lists them (message-parts.ts).
    mentions: [...appended.mentions].sort(),
    fileIds: [],
    files: [],
    author: caller.author,
    reactions: [],
    thread: null,
    pinned: null,
  };
}
