import type { TranslationKey } from '../i18n/translations';
import type { PresenceState, PresenceView } from './directory-api';

/** The string key naming a presence state; an unknown future state reads as offline. */
export function presenceKey(state: PresenceState | undefined): TranslationKey {
  switch (state) {
    case 'online':
      return 'directory.presence.online';
    case 'away':
      return 'directory.presence.away';
    case 'dnd':
      return 'directory.presence.dnd';
    default:
      return 'directory.presence.offline';
  }
}

/** The custom status line ("🛠️ In a workshop"), or null when none is set. */
export function statusLine(view: PresenceView | null): string | null {
  const status = view?.status;
  if (!status?.text && !status?.emoji) return null;
  return [status.emoji, status.text].filter(Boolean).join(' ');
}
