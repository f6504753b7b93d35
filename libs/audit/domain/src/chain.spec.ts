import { describe, expect, it } from 'vitest';
import { sealRecord } from './canonical';
import { ChainWalker } from './chain';
import { chainOf } from './chain.testing';
import { GENESIS_HASH, type AuditRecord } from './record';

function walk(records: AuditRecord[], first = 1, previous: string | null = GENESIS_HASH) {
  const walker = new ChainWalker(first, previous);
  for (const r of records) {
    const fault = walker.accept(r);
    if (fault) return fault;
  }
  return walker.finish(records.length === 0 ? 0 : first + records.length - 1);
}

describe('the chain rules', () => {
  it('accepts an untouched chain, starting with 64 zeros', () => {
    const chain = chainOf(5);
    expect(chain[0]!.prevHash).toBe('0'.repeat(64));
    expect(walk(chain)).toBeNull();
  });

  it('names a record whose content changed (hash mismatch)', () => {
    const chain = chainOf(5);
    chain[2] = { ...chain[2]!, data: { text: 'rewritten' } };
    expect(walk(chain)).toMatchObject({ seq: 3, reason: 'hash_mismatch' });
  });

  it('names a record rewritten with a fresh hash by its broken link', () => {
    const chain = chainOf(5);
    chain[2] = sealRecord({ ...chain[2]!, data: { text: 'rewritten' } });
    expect(walk(chain)).toMatchObject({ seq: 4, reason: 'prev_hash_mismatch' });
  });

  it('names the missing record of a gap, and missing records at the end', () => {
    const chain = chainOf(5);
    expect(walk([...chain.slice(0, 2), ...chain.slice(3)])).toMatchObject({
      seq: 3,
      reason: 'seq_gap',
    });
    const walker = new ChainWalker();
    for (const r of chain.slice(0, 3)) expect(walker.accept(r)).toBeNull();
    expect(walker.finish(5)).toMatchObject({ seq: 4, reason: 'seq_gap' });
  });

  it('names the first of two swapped records', () => {
    const chain = chainOf(5);
    const [a, b] = [chain[1]!, chain[2]!];
    // Content swapped, positions (seq) kept: both now hash wrong; the first is named.
    chain[1] = { ...b, seq: 2 };
    chain[2] = { ...a, seq: 3 };
    expect(walk(chain)).toMatchObject({ seq: 2, reason: 'hash_mismatch' });
  });

  it('starts mid-chain from a trusted hash, or on trust of the first link', () => {
    const chain = chainOf(6);
    expect(walk(chain.slice(3), 4, chain[2]!.hash)).toBeNull();
    expect(walk(chain.slice(3), 4, null)).toBeNull();
    expect(walk(chain.slice(3), 4, 'b'.repeat(64))).toMatchObject({
      seq: 4,
      reason: 'prev_hash_mismatch',
    });
  });
});
