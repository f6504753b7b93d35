import type { CallParticipant, CallUpdatedEvent, CallView, ParticipantStatus } from './call-models';

/** A call view for the specs: `statuses` by user id, the first one the caller. */
export function callView(
  id: string,
  statuses: Record<string, ParticipantStatus>,
  extra: Partial<CallView> = {},
): CallView {
  const participants: CallParticipant[] = Object.entries(statuses).map(([userId, status]) => ({
    userId,
    status,
    joinedAt: status === 'joined' ? '2026-11-25T10:00:00.000Z' : null,
    leftAt: null,
  }));
  return {
    id,
    conversationId: 'c1',
    media: 'video',
    state: 'ringing',
    outcome: null,
    startedBy: participants[0]?.userId ?? 'nobody',
    startedAt: '2026-11-25T10:00:00.000Z',
    connectedAt: null,
    endedAt: null,
    durationMs: 0,
    participants,
    ...extra,
  };
}

export function updated(
  call: CallView,
  change: CallUpdatedEvent['change'],
  userId: string,
): CallUpdatedEvent {
  return { conversationId: call.conversationId, call, change, userId };
}
