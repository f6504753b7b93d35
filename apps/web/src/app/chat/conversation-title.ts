import type { Conversation } from '../api/models';
import type { TranslationKey } from '../i18n/translations';

type Translate = (key: TranslationKey, params?: Record<string, string | number>) => string;

/**
 * What to call a conversation in the sidebar and the composer. A direct conversation is
 * called by the other person's name once the client knows it.
 */
export function conversationTitle(
  c: Conversation,
  t: Translate,
  people: { names: ReadonlyMap<string, string>; myId: string | null } = {
    names: new Map(),
    myId: null,
  },
): string {
  if (c.kind === 'channel') return `# ${c.name ?? ''}`;
  if (c.name) return c.name;
  if (c.kind === 'direct') {
    const other = directPartner(c, people.myId);
    return (other && people.names.get(other)) || t('conversation.direct');
  }
  return t('conversation.group', { count: c.memberCount });
}

/** The other person of a direct conversation (yourself, in a conversation with yourself). */
export function directPartner(c: Conversation, myId: string | null): string | null {
  if (c.kind !== 'direct' || !c.memberIds?.length) return null;
  return c.memberIds.find((id) => id !== myId) ?? c.memberIds[0] ?? null;
}
