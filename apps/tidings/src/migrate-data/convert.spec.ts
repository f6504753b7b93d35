import { describe, expect, it } from 'vitest';
import { convertValue } from './convert';

describe('convertValue (SQLite value → PostgreSQL column)', () => {
  it('turns 0/1 into booleans and refuses what is no boolean', () => {
    expect(convertValue(1n, 'boolean')).toBe(true);
    expect(convertValue(0n, 'boolean')).toBe(false);
    expect(convertValue('true', 'boolean')).toBe(true);
    expect(() => convertValue('maybe', 'boolean')).toThrow(/boolean/);
  });

  it('keeps every digit of a 64-bit integer', () => {
    expect(convertValue(9_007_199_254_740_993n, 'bigint')).toBe('9007199254740993');
    expect(convertValue(42n, 'integer')).toBe('42');
  });

  it('reads TypeORM datetime text as UTC and leaves zoned text alone', () => {
    expect(convertValue('2025-01-31 08:00:00.000', 'timestamp with time zone')).toBe(
      '2025-01-31T08:00:00.000Z',
    );
    expect(convertValue('2025-01-31T08:00:00+08:00', 'timestamp with time zone')).toBe(
      '2025-01-31T08:00:00+08:00',
    );
    expect(convertValue(0n, 'timestamp with time zone')).toBe('1970-01-01T00:00:00.000Z');
  });

  it('passes JSON text, bytes and text through, and nulls as nulls', () => {
    expect(convertValue('{"a":1}', 'jsonb')).toBe('{"a":1}');
    expect(convertValue(Buffer.from([1, 2]), 'bytea')).toEqual(Buffer.from([1, 2]));
    expect(convertValue(7n, 'character varying')).toBe('7');
    expect(convertValue(null, 'boolean')).toBeNull();
  });
});
