import { describe, expect, it } from 'vitest';
import { interpolate, en, type TranslationKey } from '../i18n/translations';
import { typingLine } from './typing';

const t = (key: TranslationKey, params?: Record<string, string | number>) =>
  interpolate((en as Record<string, string>)[key] ?? key, params);

describe('typingLine', () => {
  it('names one or two, and counts more', () => {
    expect(typingLine([], t)).toBe('');
    expect(typingLine(['Bob'], t)).toBe('Bob is typing…');
    expect(typingLine(['Bob', 'Carol'], t)).toBe('Bob and Carol are typing…');
    expect(typingLine(['Bob', 'Carol', 'Dan'], t)).toBe('Several people are typing…');
  });
});
