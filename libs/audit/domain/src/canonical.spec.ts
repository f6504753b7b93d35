import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, recordHash, sealRecord } from './canonical';
import { GENESIS_HASH, type AuditRecord } from './record';

const base: Omit<AuditRecord, 'hash'> = {
  seq: 1,
  id: '0190f0e0-0000-7000-8000-000000000001',
  sourceEventId: '0190f0e0-0000-7000-8000-0000000000aa',
  type: 'messaging.message.sent',
  occurredAt: '2025-01-02T03:04:05.000Z',
  recordedAt: '2025-01-02T03:04:05.100Z',
  actor: { kind: 'user', id: 'u1' },
  subjectIds: ['u1'],
  conversationId: 'c1',
  data: { text: '你好, world', n: 1e21, nested: { b: 1, a: [true, null] } },
  prevHash: GENESIS_HASH,
};

describe('canonical encoding (RFC 8785)', () => {
  it('sorts keys and spells numbers one way', () => {
    expect(canonicalJson({ b: 2, a: 1, c: { z: 0, y: 1.5e-7 } })).toBe(
      '{"a":1,"b":2,"c":{"y":1.5e-7,"z":0}}',
    );
    expect(canonicalJson({ n: 1e21, m: 100.0 })).toBe('{"m":100,"n":1e+21}');
  });

  it('hashes every field but hash, as SHA-256 hex of the canonical text', () => {
    const expected = createHash('sha256').update(canonicalJson(base)).digest('hex');
    expect(recordHash(base)).toBe(expected);
    expect(sealRecord(base).hash).toBe(expected);
    // hash itself is not part of what is hashed
    expect(recordHash({ ...base, hash: 'f'.repeat(64) })).toBe(expected);
  });

  it('does not depend on key order, and changes with any field', () => {
    const reordered = JSON.parse(
      JSON.stringify({
        ...base,
        data: { nested: { a: [true, null], b: 1 }, n: 1e21, text: '你好, world' },
      }),
    ) as typeof base;
    expect(recordHash(reordered)).toBe(recordHash(base));
    for (const change of [
      { seq: 2 },
      { prevHash: 'a'.repeat(64) },
      { data: { ...base.data, text: '你好, World' } },
      { actor: null },
      { subjectIds: [] },
      { conversationId: null },
      { recordedAt: '2025-01-02T03:04:05.101Z' },
    ]) {
      expect(recordHash({ ...base, ...change })).not.toBe(recordHash(base));
    }
  });
});
