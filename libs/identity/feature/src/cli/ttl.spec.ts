import { describe, expect, it } from 'vitest';
import { parseTtl } from './ttl';

describe('--ttl', () => {
  it('reads seconds, minutes, hours and days', () => {
    expect(parseTtl('90')).toBe(90);
    expect(parseTtl('90s')).toBe(90);
    expect(parseTtl('15m')).toBe(900);
    expect(parseTtl('1h')).toBe(3600);
    expect(parseTtl('24H')).toBe(86_400);
    expect(parseTtl('1d')).toBe(86_400);
  });

  it('refuses anything longer than a day, zero, or nonsense', () => {
    expect(() => parseTtl('25h')).toThrow(/between 1 second and 24 hours/);
    expect(() => parseTtl('2d')).toThrow(/between 1 second and 24 hours/);
    expect(() => parseTtl('0')).toThrow(/between/);
    expect(() => parseTtl('1 week')).toThrow(/expected e.g. 15m/);
    expect(() => parseTtl('-5m')).toThrow(/expected/);
  });
});
