import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@tidings/identity/data-access';
import { describe, expect, it } from 'vitest';
import { generatePassword, PASSWORD_ALPHABET } from './password-generator';

describe('generated passwords', () => {
  it('are four groups of five unambiguous symbols, within the password limits', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    expect(password.replaceAll('-', '')).not.toMatch(/[01ilo]/);
    expect(password.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
    expect(password.length).toBeLessThanOrEqual(MAX_PASSWORD_LENGTH);
  });

  it('draw every symbol from the random source', () => {
    const draws: number[] = [];
    const password = generatePassword((max) => {
      draws.push(max);
      return draws.length % max;
    });
    expect(draws).toHaveLength(20);
    expect(draws.every((max) => max === PASSWORD_ALPHABET.length)).toBe(true);
    expect(password.startsWith(PASSWORD_ALPHABET.slice(1, 6))).toBe(true);
  });

  it('differ from one call to the next', () => {
    const seen = new Set(Array.from({ length: 200 }, () => generatePassword()));
    expect(seen.size).toBe(200);
  });
});
