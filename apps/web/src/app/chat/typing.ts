import type { TypingEvent } from '../api/models';
import type { TranslationKey } from '../i18n/translations';

/**
 * Who is typing where, as `conversationId → userId → expiry (ms)`. A `typing` frame sets an
 * expiry, the person's message clears it, and time makes it lapse (docs/realtime.md, _Typing_).
 */
export type TypingState = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Frames are passed on at most every 3 s, so the client need not send more often. */
export const TYPING_SEND_INTERVAL_MS = 3_000;

export function addTyping(state: TypingState, event: TypingEvent, now: number): TypingState {
  const next = new Map(state);
  const people = new Map(state.get(event.conversationId) ?? []);
  people.set(event.userId, now + event.expiresInMs);
  next.set(event.conversationId, people);
  return next;
}

export function clearTyping(state: TypingState, conversationId: string, userId: string) {
  if (!state.get(conversationId)?.has(userId)) return state;
  const next = new Map(state);
  const people = new Map(state.get(conversationId));
  people.delete(userId);
  next.set(conversationId, people);
  return next;
}

/** The people still typing in a conversation at `now`, in the order they started. */
export function typingIn(state: TypingState, conversationId: string, now: number): string[] {
  return [...(state.get(conversationId) ?? new Map<string, number>())]
    .filter(([, expiresAt]) => expiresAt > now)
    .map(([userId]) => userId);
}

/** The earliest expiry still ahead, to schedule the next re-render; null when none. */
export function nextExpiry(state: TypingState, now: number): number | null {
  let next: number | null = null;
  for (const people of state.values())
    for (const expiresAt of people.values())
      if (expiresAt > now && (next === null || expiresAt < next)) next = expiresAt;
  return next;
}

/** Whether a keystroke should send a typing frame (first one, or the interval has passed). */
export function shouldSendTyping(lastSentAt: number | null, now: number): boolean {
  return lastSentAt === null || now - lastSentAt >= TYPING_SEND_INTERVAL_MS;
}

type Translate = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** "Bob is typing…" from the names of those typing (yourself already left out). */
export function typingLine(names: readonly string[], t: Translate): string {
  const [first, second] = names;
  if (first === undefined) return '';
  if (second === undefined) return t('typing.one', { name: first });
  if (names.length === 2) return t('typing.two', { first, second });
  return t('typing.many');
}
