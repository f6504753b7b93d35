import { describe, expect, it } from 'vitest';
import { EMOJI, emojiName, QUICK_EMOJI, searchEmoji } from './emoji-catalogue';

describe('the emoji catalogue', () => {
  it('offers every quick emoji in the catalogue, each once', () => {
    const all = EMOJI.map((x) => x.emoji);
    expect(new Set(all).size).toBe(all.length);
    for (const quick of QUICK_EMOJI) expect(all).toContain(quick);
  });

  it('finds emoji by English or Chinese name, every word counting', () => {
    expect(searchEmoji('thumbs').map((x) => x.emoji)).toEqual(['👍', '👎']);
    expect(searchEmoji('thumbs up').map((x) => x.emoji)).toEqual(['👍']);
    expect(searchEmoji('熊猫').map((x) => x.emoji)).toEqual(['🐼']);
    expect(searchEmoji('ROCKET').map((x) => x.emoji)).toEqual(['🚀']);
    expect(searchEmoji('no such thing')).toEqual([]);
    expect(searchEmoji('  ')).toHaveLength(EMOJI.length);
  });

  it('names an emoji in the reader’s language, and an unknown one by itself', () => {
    expect(emojiName('🐼', 'zh-CN')).toBe('熊猫');
    expect(emojiName('👍', 'en')).toBe('thumbs up');
    expect(emojiName('🦄', 'en')).toBe('🦄');
  });
});
