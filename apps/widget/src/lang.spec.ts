import { describe, expect, it } from 'vitest';
import { badgeText, buttonLabel, resolveLang, unavailableText } from './lang';

describe('resolveLang', () => {
  it('takes the first language given: the attribute, then the page, then the browser', () => {
    expect(resolveLang('en', 'zh-CN', 'zh-CN')).toBe('en');
    expect(resolveLang(null, 'zh-CN', 'en-US')).toBe('zh-CN');
    expect(resolveLang(undefined, null, 'zh-TW')).toBe('zh-CN');
    expect(resolveLang('', '  ', 'zh')).toBe('zh-CN'); // blank attributes fall through
  });

  it('speaks zh-CN to any Chinese and English to everything else', () => {
    for (const lang of ['zh', 'zh-CN', 'zh-Hans-CN', 'ZH-cn', 'zh-HK'])
      expect(resolveLang(lang), lang).toBe('zh-CN');
    for (const lang of ['en', 'en-GB', 'de-DE', 'ja', 'zhx', 'nonsense'])
      expect(resolveLang(lang), lang).toBe('en');
    expect(resolveLang()).toBe('en');
    expect(resolveLang(null, undefined, '')).toBe('en');
  });
});

describe('the loader’s words', () => {
  it('names the button, with the unread count when there is one', () => {
    expect(buttonLabel('en', 0)).toBe('Chat');
    expect(buttonLabel('en', 3)).toBe('Chat, 3 unread');
    expect(buttonLabel('zh-CN', 0)).toBe('聊天');
    expect(buttonLabel('zh-CN', 3)).toBe('聊天，3 条未读');
  });

  it('caps the badge so it fits', () => {
    expect(badgeText(7)).toBe('7');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
  });

  it('explains an unavailable chat in both languages', () => {
    expect(unavailableText('en')).toMatch(/unavailable/);
    expect(unavailableText('zh-CN')).toMatch(/不可用/);
  });
});
