import { describe, expect, it } from 'vitest';
import { adminEn, adminZhCN } from './strings/admin';
import { callScreenEn, callScreenZhCN } from './strings/call-screen';
import { complianceEn, complianceZhCN } from './strings/compliance';
import { directoryEn, directoryZhCN } from './strings/directory';
import { integrationsEn, integrationsZhCN } from './strings/integrations';
import { widgetEn, widgetZhCN } from './strings/widget';
import {
  en,
  initialLanguage,
  interpolate,
  registerStrings,
  TRANSLATIONS,
  type TranslationKey,
} from './translations';

describe('translations', () => {
  it('has every English string in Chinese, non-empty, with the same placeholders', () => {
    // The lazy screens' strings, as their chunks register them.
    registerStrings({ en: adminEn, 'zh-CN': adminZhCN });
    registerStrings({ en: directoryEn, 'zh-CN': directoryZhCN });
    registerStrings({ en: integrationsEn, 'zh-CN': integrationsZhCN });
    registerStrings({ en: complianceEn, 'zh-CN': complianceZhCN });
    registerStrings({ en: callScreenEn, 'zh-CN': callScreenZhCN });
    registerStrings({ en: widgetEn, 'zh-CN': widgetZhCN });
    const english = {
      ...en,
      ...adminEn,
      ...directoryEn,
      ...integrationsEn,
      ...complianceEn,
      ...callScreenEn,
      ...widgetEn,
    };
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(english)) {
      const chinese = TRANSLATIONS['zh-CN'][key as TranslationKey] ?? '';
      expect(chinese, key).toBeTruthy();
      expect(placeholders(chinese), key).toEqual(placeholders(text));
    }
    expect(Object.keys(TRANSLATIONS['zh-CN']).sort()).toEqual(Object.keys(english).sort());
  });

  it("keeps the lazy screens' strings out of the first bundle's table", () => {
    const eager = new Set(Object.keys(en));
    for (const key of [
      ...Object.keys(adminEn),
      ...Object.keys(directoryEn),
      ...Object.keys(integrationsEn),
      ...Object.keys(complianceEn),
      ...Object.keys(callScreenEn),
      ...Object.keys(widgetEn),
    ])
      expect(eager.has(key), key).toBe(false);
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
