import { describe, expect, it } from 'vitest';
import type { ConversationFacts } from './conversation';
import type { Decision } from './decision';
import { mayReact, normalizeEmoji } from './reactions';

const code = (d: Decision) => (d.ok ? 'ok' : d.code);
const pub: ConversationFacts = { kind: 'channel', visibility: 'public', archived: false };

describe('normalizeEmoji', () => {
  it('accepts exactly one RGI emoji, sequences included', () => {
    for (const emoji of ['👍', '👍🏽', '👨‍👩‍👧', '🇨🇳', '❤️', '1️⃣', '🏳️‍🌈', '🫠', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'])
      expect(normalizeEmoji(emoji), emoji).toBe(emoji);
  });

  it('stores the fully-qualified form of an emoji sent without its selector', () => {
    expect(normalizeEmoji('❤')).toBe('❤️');
    expect(normalizeEmoji('☺')).toBe('☺️');
  });

  it('refuses text, shortcodes, digits, several emoji and padding', () => {
    for (const text of [
      '',
      'a',
      'ok',
      ':+1:',
      '1',
      '#',
      '👍👍',
      '👍 ',
      ' 👍',
      '👍a',
      '\u200d',
      'x'.repeat(100),
    ])
      expect(normalizeEmoji(text), JSON.stringify(text)).toBeNull();
  });
});

describe('mayReact', () => {
  it('is for members, on live messages, in conversations that are not archived', () => {
    const member = { role: 'member' as const, moderator: false };
    expect(code(mayReact(pub, member, { deleted: false }))).toBe('ok');
    expect(code(mayReact(pub, { role: null, moderator: true }, { deleted: false }))).toBe(
      'messaging.conversation.not_member',
    );
    expect(code(mayReact(pub, member, { deleted: true }))).toBe('messaging.message.deleted');
    expect(code(mayReact({ ...pub, archived: true }, member, { deleted: false }))).toBe(
      'messaging.conversation.archived',
    );
  });
});
