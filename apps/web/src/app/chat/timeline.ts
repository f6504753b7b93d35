import type { ShownMessage } from './chat-state';

/**
 * What the message pane draws, in order: day separators, the "new messages" divider and the
 * messages themselves, each marked whether it continues the previous one's group (same
 * sender, shortly after) so its name and time are not repeated. Pure, so it is unit-tested.
 */
export type TimelineItem =
  | { kind: 'day'; key: string; day: string }
  | { kind: 'unread'; key: 'unread' }
  | { kind: 'message'; key: string; message: ShownMessage; continued: boolean };

/** Messages by the same sender closer than this are one group. */
export const GROUP_WINDOW_MS = 5 * 60_000;

export interface TimelineOptions {
  /** The reader's position when the conversation was opened; null: no divider. */
  unreadAfterSeq: number | null;
  /** The reader's id: their own messages are never "new". */
  myId: string | null;
  /**
   * Older messages exist that are not loaded: an unread first loaded message is then not the
   * first unread one, so no divider yet (it belongs further up).
   */
  hasOlder?: boolean;
  /** The calendar day a timestamp falls on, in the reader's time zone (YYYY-MM-DD). */
  dayOf?: (iso: string) => string;
}

export function localDay(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function buildTimeline(
  messages: readonly ShownMessage[],
  options: TimelineOptions,
): TimelineItem[] {
  const dayOf = options.dayOf ?? localDay;
  const items: TimelineItem[] = [];
  let previous: ShownMessage | undefined;
  let dividerPlaced = false;
  const firstLoaded = messages.find((m) => m.status === 'sent');
  for (const message of messages) {
    const day = dayOf(message.createdAt);
    const newDay = !previous || dayOf(previous.createdAt) !== day;
    if (newDay) items.push({ kind: 'day', key: `day:${day}`, day });
    // The first unread message not mine gets the divider — unless it is the first loaded one
    // and older pages exist: then the real first unread is further up, not loaded yet.
    const firstUnread =
      !dividerPlaced &&
      options.unreadAfterSeq !== null &&
      message.status === 'sent' &&
      message.seq > options.unreadAfterSeq &&
      message.sender.id !== options.myId &&
      message.kind !== 'system';
    const unread = firstUnread && !(options.hasOlder && message === firstLoaded);
    if (firstUnread) dividerPlaced = true;
    if (unread) items.push({ kind: 'unread', key: 'unread' });
    const continued = !newDay && !unread && previous !== undefined && continues(previous, message);
    items.push({ kind: 'message', key: message.clientMsgId ?? message.id, message, continued });
    previous = message;
  }
  return items;
}

function continues(previous: ShownMessage, message: ShownMessage): boolean {
  if (previous.kind === 'system' || message.kind === 'system') return false;
  if (previous.sender.id !== message.sender.id) return false;
  const gap = Date.parse(message.createdAt) - Date.parse(previous.createdAt);
  return gap >= 0 && gap < GROUP_WINDOW_MS;
}
