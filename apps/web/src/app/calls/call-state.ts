import type { CallUpdatedEvent, CallView, ParticipantStatus } from './call-models';

/**
 * What this tab knows of the calls in the signed-in person's conversations, by call id, as
 * pure functions (unit-tested without a browser). The `messaging.call.updated` events are the
 * truth and arrive in order per conversation; a REST answer only fills in a call the events
 * have not told of yet (the start's answer can beat its own `started` event), since it may be
 * older than an event already applied.
 */
export type CallBook = ReadonlyMap<string, CallView>;

/** Ended calls kept so a late REST answer cannot bring one back; older ones are dropped. */
const ENDED_KEPT = 20;

export function applyCallEvent(book: CallBook, event: CallUpdatedEvent): CallBook {
  const next = new Map(book);
  next.delete(event.call.id); // re-inserted last: insertion order is recency
  next.set(event.call.id, event.call);
  return pruned(next);
}

export function applyCallAnswer(book: CallBook, view: CallView): CallBook {
  if (book.has(view.id)) return book;
  return pruned(new Map(book).set(view.id, view));
}

function pruned(book: Map<string, CallView>): CallBook {
  const ended = [...book.values()].filter((c) => c.state === 'ended');
  for (const call of ended.slice(0, Math.max(0, ended.length - ENDED_KEPT))) book.delete(call.id);
  return book;
}

export function statusOf(call: CallView, userId: string | null): ParticipantStatus | null {
  return call.participants.find((p) => p.userId === userId)?.status ?? null;
}

/** The calls ringing for me now, newest first. */
export function ringingFor(book: CallBook, myId: string | null): CallView[] {
  return [...book.values()]
    .filter((c) => c.state !== 'ended' && statusOf(c, myId) === 'ringing')
    .reverse();
}

/** The conversation's call that has not ended (there is at most one). */
export function ongoingIn(book: CallBook, conversationId: string | null): CallView | null {
  for (const call of book.values())
    if (call.conversationId === conversationId && call.state !== 'ended') return call;
  return null;
}

/** Whether this event is one the call screen must load for: a ring for me, or a call of mine. */
export function concernsMe(event: CallUpdatedEvent, myId: string | null): boolean {
  const status = statusOf(event.call, myId);
  return event.call.state !== 'ended' && (status === 'ringing' || status === 'joined');
}
