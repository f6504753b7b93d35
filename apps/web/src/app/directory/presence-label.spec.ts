import { describe, expect, it } from 'vitest';
import { presenceKey, statusLine } from './presence-label';

describe('presence on the profile card', () => {
  it('names each state, and anything unknown as offline', () => {
    expect(presenceKey('online')).toBe('directory.presence.online');
    expect(presenceKey('away')).toBe('directory.presence.away');
    expect(presenceKey('dnd')).toBe('directory.presence.dnd');
    expect(presenceKey('offline')).toBe('directory.presence.offline');
    expect(presenceKey(undefined)).toBe('directory.presence.offline');
  });

  it('shows the custom status with its emoji, or nothing', () => {
    const view = { userId: 'u', state: 'dnd' as const, lastSeenAt: null };
    expect(statusLine(null)).toBeNull();
    expect(statusLine(view)).toBeNull();
    expect(
      statusLine({ ...view, status: { text: 'In a workshop', emoji: '🛠️', expiresAt: null } }),
    ).toBe('🛠️ In a workshop');
    expect(statusLine({ ...view, status: { text: 'Lunch', expiresAt: null } })).toBe('Lunch');
  });
});
