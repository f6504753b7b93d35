/**
 * Presence changes on the socket: **ephemeral** frames `{"type":"presence.changed","data":…}`,
 * never stored and without a seq, so a resume does not replay them. Presence is current state,
 * not history: the last change is all a client needs, and a reconnecting client reloads it via
 * REST (`GET /api/v1/presence?userIds=…`) — as Slack and Mattermost clients do. Storing every
 * flap for every peer would grow the per-user streams with the noisiest, least useful events.
 */
export const PRESENCE_CHANGED = 'presence.changed';

/**
 * A change older than this when the gateway reads it is not passed on. Every socket signed in
 * after it happened has loaded a newer view via REST; one that was connected throughout could
 * only miss it if the gateway's consumer was stalled this long — and at the first start of the
 * consumer group (which reads the topic from its beginning) this keeps the whole history from
 * being replayed onto live sockets.
 */
export const PRESENCE_STALE_MS = 60_000;

export function isStalePresence(occurredAt: number, now: number): boolean {
  return !(occurredAt >= now - PRESENCE_STALE_MS);
}

/**
 * Who gets a change about `subject`: everyone its audience names (presence decides: the user,
 * their conversation peers, their current subscribers), and the subject's own other devices.
 * Each once, sorted — the same order however the audience listed them.
 */
export function presenceRecipients(subject: string, audience: readonly string[]): string[] {
  return [...new Set([subject, ...audience])].sort();
}

/** The frame's text, serialized once for every device that receives it. */
export function presenceFrameText(data: unknown): string {
  return JSON.stringify({ type: PRESENCE_CHANGED, data });
}
