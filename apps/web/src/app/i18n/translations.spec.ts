import { describe, expect, it } from 'vitest';
import { en, initialLanguage, interpolate, TRANSLATIONS } from './translations';

describe('translations', () => {
  it('has every English string in Chinese, non-empty, with the same placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, english] of Object.entries(en)) {
      const chinese = TRANSLATIONS['zh-CN'][key as keyof typeof en];
      expect(chinese, key).toBeTruthy();
      expect(placeholders(chinese), key).toEqual(placeholders(english));
    }
    expect(Object.keys(TRANSLATIONS['zh-CN']).sort()).toEqual(Object.keys(en).sort());
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{count} unread', { count: 3 })).toBe('3 unread');
    expect(interpolate('Message {name}', {})).toBe('Message {name}');
  });

  it('starts in the saved language, else the browser’s Chinese, else English', () => {
    expect(initialLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(initialLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLanguage('klingon', ['en-GB'])).toBe('en');
    expect(initialLanguage(null, [])).toBe('en');
  });
});
