import { ValidationError, type FieldIssue } from '@tidings/platform/errors';
import type { ChosenStatus, CustomStatus, UserPresence } from './presence';

/** Longest custom status text, in characters (code points, so an emoji counts once). */
export const STATUS_TEXT_MAX_CHARS = 100;
/** DND and custom statuses are for hours and days, not forever-by-accident. */
export const MAX_EXPIRY_AHEAD_MS = 366 * 24 * 3600_000;

/**
 * What `PUT /presence/me` asks for; an absent field leaves that part as it is.
 * `customStatus: null` clears the custom status.
 */
export interface StatusChange {
  status?: ChosenStatus;
  /** Only with `status: 'dnd'`: when DND ends by itself (null or absent: until turned off). */
  dndUntil?: number | null;
  customStatus?: { text: string; emoji?: string | null; expiresAt?: number | null } | null;
}

/**
 * One emoji as people pick it from a picker: a single RGI emoji (keycaps, flags, skin tones
 * and ZWJ sequences included) — not a word, not two emoji, not a shortcode.
 */
// Built at run time: the `v` flag is newer than the es2023 target, not than Node 24.
const SINGLE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

export function isSingleEmoji(value: string): boolean {
  return SINGLE_EMOJI.test(value);
}

/** Applies a change to the stored record, or refuses it with every problem at once. */
export function applyStatusChange(
  user: UserPresence,
  change: StatusChange,
  now: number,
): UserPresence {
  const issues: FieldIssue[] = [];
  const future = (path: string, at: number | null | undefined) => {
    if (at === null || at === undefined) return;
    if (at <= now) issues.push({ path, message: 'must be in the future' });
    else if (at > now + MAX_EXPIRY_AHEAD_MS) issues.push({ path, message: 'too far ahead' });
  };
  if (change.dndUntil !== undefined && change.dndUntil !== null && change.status !== 'dnd') {
    issues.push({ path: 'dndUntil', message: 'only together with status "dnd"' });
  }
  future('dndUntil', change.dndUntil);

  let custom: CustomStatus | null = user.custom;
  if (change.customStatus === null) custom = null;
  else if (change.customStatus !== undefined) {
    const text = change.customStatus.text.trim();
    const emoji = change.customStatus.emoji ?? null;
    if ([...text].length > STATUS_TEXT_MAX_CHARS) {
      issues.push({
        path: 'customStatus.text',
        message: `at most ${STATUS_TEXT_MAX_CHARS} characters`,
      });
    }
    if (emoji !== null && !isSingleEmoji(emoji)) {
      issues.push({ path: 'customStatus.emoji', message: 'must be a single emoji' });
    }
    if (text === '' && emoji === null) {
      issues.push({ path: 'customStatus', message: 'needs a text or an emoji (null clears it)' });
    }
    future('customStatus.expiresAt', change.customStatus.expiresAt);
    custom = { text, emoji, expiresAt: change.customStatus.expiresAt ?? null };
  }
  if (issues.length > 0) {
    throw new ValidationError('This status is not valid.', issues, 'presence.status.invalid');
  }

  const chosen = change.status ?? user.chosen;
  return {
    ...user,
    chosen,
    // Choosing DND again without an end makes it open-ended; leaving DND forgets the end.
    dndUntil:
      chosen !== 'dnd' ? null : change.status === 'dnd' ? (change.dndUntil ?? null) : user.dndUntil,
    custom,
  };
}
