import type { AuditRecord } from './record';

/** The record types that change who is in a conversation. */
export const MEMBERSHIP_TYPES = [
  'messaging.conversation.created',
  'messaging.member.joined',
  'messaging.member.left',
] as const;

/**
 * Replays membership records (in seq order) into the set of members: the conversation's
 * first members, then each join and leave. The answer to "who could read this message when it
 * was posted" for exports (EML's To:), computed from the trail alone.
 */
export function applyMembership(
  members: Set<string>,
  record: Pick<AuditRecord, 'type' | 'data'>,
): void {
  const data = record.data;
  switch (record.type) {
    case 'messaging.conversation.created':
      members.clear();
      if (Array.isArray(data['members'])) {
        for (const m of data['members'] as Array<{ userId?: unknown }>) {
          if (typeof m?.userId === 'string') members.add(m.userId);
        }
      }
      break;
    case 'messaging.member.joined':
      if (typeof data['userId'] === 'string') members.add(data['userId']);
      break;
    case 'messaging.member.left':
      if (typeof data['userId'] === 'string') members.delete(data['userId']);
      break;
  }
}
