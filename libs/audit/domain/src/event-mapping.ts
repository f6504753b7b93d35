import type { EventEnvelope } from '@tidings/contracts';
import type { AuditActor, AuditDraft } from './record';

/**
 * Fields that hold the id of a user (or bot) an event concerns, across every contract: the
 * sender, the member, the uploader, who deleted or pinned… One table instead of one mapper per
 * event type, so an event added later is recorded with its people without touching audit.
 */
const USER_FIELDS = [
  'userId',
  'senderId',
  'uploaderId',
  'editorId',
  'deletedBy',
  'pinnedBy',
  'unpinnedBy',
  'archivedBy',
  'unarchivedBy',
  'createdBy',
  'updatedBy',
  'revokedBy',
  'by',
  'accountId',
  'subjectId',
  'botId',
] as const;

/** Fields that hold lists of user ids (members added/removed, sessions revoked). */
const USER_LIST_FIELDS = ['added', 'removed', 'revokedUserIds'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The users an event's data names, in first-seen order, each once. */
export function subjectIdsOf(data: Record<string, unknown>, actor: AuditActor | null): string[] {
  const ids: string[] = [];
  const add = (id: unknown) => {
    if (typeof id === 'string' && id !== '' && !ids.includes(id)) ids.push(id);
  };
  if (actor && actor.kind !== 'system') add(actor.id);
  for (const field of USER_FIELDS) add(data[field]);
  for (const field of USER_LIST_FIELDS) strings(data[field]).forEach(add);
  // conversation.created: its first members.
  if (Array.isArray(data['members'])) {
    for (const m of data['members']) if (isRecord(m)) add(m['userId']);
  }
  // integrations.card.action: who clicked.
  if (isRecord(data['user'])) add(data['user']['id']);
  // A system message about members added or removed names them; a call's summary, who joined.
  if (isRecord(data['system'])) {
    strings(data['system']['userIds']).forEach(add);
    strings(data['system']['participantIds']).forEach(add);
  }
  // messaging.call.updated: everyone the call rang or joined, so a search for a person finds
  // the calls they missed or declined too, not only the ones they acted in.
  if (isRecord(data['call']) && Array.isArray(data['call']['participants'])) {
    for (const p of data['call']['participants']) if (isRecord(p)) add(p['userId']);
  }
  return ids;
}

/**
 * The record an event becomes: the event's own time, actor and data as published (message
 * texts in full — the trail must show what was said, not a summary), and the conversation and
 * people it concerns for search and exports.
 */
export function draftFromEvent(event: EventEnvelope): AuditDraft {
  const data = isRecord(event.data) ? event.data : { value: event.data };
  const actor: AuditActor | null = event.actor
    ? { kind: event.actor.kind, id: event.actor.id }
    : null;
  const conversationId = typeof data['conversationId'] === 'string' ? data['conversationId'] : null;
  return {
    sourceEventId: event.id,
    type: event.type,
    // Normalized to UTC with milliseconds: ranges compare as text and as time alike.
    occurredAt: new Date(event.occurredAt).toISOString(),
    actor,
    subjectIds: subjectIdsOf(data, actor),
    conversationId,
    data,
  };
}
