import type { CallView } from '@tidings/contracts';
import { callDuration, type Call } from '@tidings/messaging/domain';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/** The call as REST answers it and `messaging.call.updated` carries it (docs/calls.md). */
export function callView(call: Call): CallView {
  return {
    id: call.id,
    conversationId: call.conversationId,
    media: call.media,
    state: call.state,
    outcome: call.outcome,
    startedBy: call.startedBy,
    startedAt: iso(call.startedAt),
    connectedAt: isoOrNull(call.connectedAt),
    endedAt: isoOrNull(call.endedAt),
    durationMs: callDuration(call),
    participants: call.participants.map((p) => ({
      userId: p.userId,
      status: p.status,
      joinedAt: isoOrNull(p.joinedAt),
      leftAt: isoOrNull(p.leftAt),
    })),
  };
}
