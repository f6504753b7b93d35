import { ValidationError } from '@tidings/platform/errors';
import { describe, expect, it } from 'vitest';
import { newUserPresence } from './presence';
import { applyStatusChange, isSingleEmoji, type StatusChange } from './status-change';

const T0 = Date.parse('2026-11-25T09:00:00Z');
const ann = newUserPresence('ann');

function issuesOf(change: StatusChange): string[] {
  try {
    applyStatusChange(ann, change, T0);
  } catch (error) {
    if (error instanceof ValidationError) return (error.issues ?? []).map((i) => i.path);
    throw error;
  }
  return [];
}

describe('status changes', () => {
  it('accepts single emoji of every shape and refuses words, pairs and shortcodes', () => {
    for (const emoji of ['😀', '👍🏽', '🇫🇷', '👩‍💻', '1️⃣', '❤️', '🏳️‍🌈']) {
      expect(isSingleEmoji(emoji), emoji).toBe(true);
    }
    for (const emoji of ['', 'a', ':smile:', '😀😀', '😀 ', '<b>', '1', '©']) {
      expect(isSingleEmoji(emoji), emoji).toBe(false);
    }
  });

  it('limits the text to 100 characters, counting an emoji once', () => {
    expect(issuesOf({ customStatus: { text: '🍕'.repeat(100) } })).toEqual([]);
    expect(issuesOf({ customStatus: { text: 'x'.repeat(101) } })).toEqual(['customStatus.text']);
  });

  it('refuses an expiry in the past, DND ends without DND, and an empty status', () => {
    expect(issuesOf({ status: 'dnd', dndUntil: T0 - 1 })).toEqual(['dndUntil']);
    expect(issuesOf({ status: 'away', dndUntil: T0 + 1000 })).toEqual(['dndUntil']);
    expect(issuesOf({ customStatus: { text: '  ', emoji: null } })).toEqual(['customStatus']);
    expect(issuesOf({ customStatus: { text: 'x', expiresAt: T0 } })).toEqual([
      'customStatus.expiresAt',
    ]);
    expect(issuesOf({ customStatus: { text: 'x', emoji: 'smile' } })).toEqual([
      'customStatus.emoji',
    ]);
  });

  it('leaves absent parts alone, clears the custom status with null, forgets DND’s end on leaving it', () => {
    const set = applyStatusChange(
      ann,
      { status: 'dnd', dndUntil: T0 + 1000, customStatus: { text: ' Lunch ', emoji: '🥪' } },
      T0,
    );
    expect(set).toMatchObject({
      chosen: 'dnd',
      dndUntil: T0 + 1000,
      custom: { text: 'Lunch', emoji: '🥪', expiresAt: null },
    });
    const textOnly = applyStatusChange(set, { customStatus: { text: 'Back soon' } }, T0);
    expect(textOnly).toMatchObject({ chosen: 'dnd', dndUntil: T0 + 1000 });
    const cleared = applyStatusChange(textOnly, { status: 'auto', customStatus: null }, T0);
    expect(cleared).toMatchObject({ chosen: 'auto', dndUntil: null, custom: null });
  });
});
