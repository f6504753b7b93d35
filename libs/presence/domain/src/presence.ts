/**
 * Presence rules: what a user's state is, given what they chose and what their devices say.
 * Pure functions of (stored record, devices, now) — so a restart, a timer and a request all
 * compute the same answer, and "has it changed?" is a comparison of two views.
 */

/** What one connection (device) reports: the client saw input recently, or not. */
export type DeviceActivity = 'active' | 'idle';

/** The aggregate others see. */
export type PresenceState = 'online' | 'away' | 'dnd' | 'offline';

/** What the user chose: let the devices decide, always away, or do-not-disturb. */
export type ChosenStatus = 'auto' | 'away' | 'dnd';

/** Custom status text and emoji; both times are ms since the epoch. */
export interface CustomStatus {
  text: string;
  emoji: string | null;
  /** null: until the user clears it. */
  expiresAt: number | null;
}

/** Everything stored about a user's presence except their connections. */
export interface UserPresence {
  userId: string;
  chosen: ChosenStatus;
  /** With `chosen: 'dnd'`: when DND ends by itself (null: until turned off). */
  dndUntil: number | null;
  custom: CustomStatus | null;
  /** When the user's last device went away (disconnected); null: never seen. */
  lastSeenAt: number | null;
}

/** What peers and subscribers see of a user, and what `presence.changed` carries. */
export interface PresenceView {
  userId: string;
  state: PresenceState;
  lastSeenAt: number | null;
  /** Set while DND is in force (whether or not a device is connected). */
  dnd: { until: number | null } | null;
  status: CustomStatus | null;
}

export function newUserPresence(userId: string): UserPresence {
  return { userId, chosen: 'auto', dndUntil: null, custom: null, lastSeenAt: null };
}

/** The record with every choice that has run out at `now` dropped (DND, custom status). */
export function settled(user: UserPresence, now: number): UserPresence {
  const dndOver = user.chosen === 'dnd' && user.dndUntil !== null && user.dndUntil <= now;
  const statusOver =
    user.custom !== null && user.custom.expiresAt !== null && user.custom.expiresAt <= now;
  if (!dndOver && !statusOver) return user;
  return {
    ...user,
    ...(dndOver ? { chosen: 'auto' as const, dndUntil: null } : {}),
    ...(statusOver ? { custom: null } : {}),
  };
}

/**
 * The aggregate over the user's devices. No device → offline, whatever was chosen: there is
 * nobody to disturb, and "dnd" would wrongly suggest the person is at their desk. DND still
 * shows in `dnd` (a notifier that pushes to phones needs it). With a device: DND wins, then a
 * chosen away, then the devices — away only when every device reports idle.
 */
export function presenceOf(
  stored: UserPresence,
  devices: readonly DeviceActivity[],
  now: number,
): PresenceView {
  const user = settled(stored, now);
  const dnd = user.chosen === 'dnd' ? { until: user.dndUntil } : null;
  const state: PresenceState =
    devices.length === 0
      ? 'offline'
      : dnd
        ? 'dnd'
        : user.chosen === 'away' || devices.every((d) => d === 'idle')
          ? 'away'
          : 'online';
  return { userId: user.userId, state, lastSeenAt: user.lastSeenAt, dnd, status: user.custom };
}

/** When the view can next change by time alone (a DND or a custom status running out). */
export function nextDeadline(user: UserPresence, now: number): number | null {
  const times = [
    user.chosen === 'dnd' ? user.dndUntil : null,
    user.custom?.expiresAt ?? null,
  ].filter((t): t is number => t !== null && t > now);
  return times.length > 0 ? Math.min(...times) : null;
}

/** Two views say the same thing (so no event is due). */
export function sameView(a: PresenceView | null, b: PresenceView): boolean {
  return a !== null && JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(view: PresenceView) {
  return [
    view.userId,
    view.state,
    view.lastSeenAt,
    view.dnd ? view.dnd.until : 'no-dnd',
    view.status ? [view.status.text, view.status.emoji, view.status.expiresAt] : null,
  ];
}
