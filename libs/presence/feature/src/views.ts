import type { PresenceChangedV1 } from '@tidings/contracts';
import type { PresenceView } from '@tidings/presence/domain';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A view as the API and `presence.changed` show it: times as ISO 8601 instants. */
export function eventDataOf(view: PresenceView): PresenceChangedV1 {
  return {
    userId: view.userId,
    state: view.state,
    lastSeenAt: iso(view.lastSeenAt),
    dnd: view.dnd ? { until: iso(view.dnd.until) } : null,
    status: view.status
      ? { text: view.status.text, emoji: view.status.emoji, expiresAt: iso(view.status.expiresAt) }
      : null,
  };
}

export type PresenceJson = PresenceChangedV1;
