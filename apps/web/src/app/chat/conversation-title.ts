import type { Conversation } from '../api/models';
import type { TranslationKey } from '../i18n/translations';

type Translate = (key: TranslationKey, params?: Record<string, string | number>) => string;

/** What to call a conversation in the sidebar and the composer. */
export function conversationTitle(c: Conversation, t: Translate): string {
  if (c.kind === 'channel') return `# ${c.name ?? ''}`;
  if (c.name) return c.name;
  return c.kind === 'direct'
    ? t('conversation.direct')
    : t('conversation.group', { count: c.memberCount });
}
