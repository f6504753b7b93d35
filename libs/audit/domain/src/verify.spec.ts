import { describe, expect, it } from 'vitest';
import { sealRecord } from './canonical';
import { chainOf } from './chain.testing';
import { AuditSigningKey, type Checkpoint } from './checkpoint';
import { GENESIS_HASH, type AuditRecord } from './record';
import { verifyChain } from './verify';

const key = AuditSigningKey.generate();
const keys = new Map([[key.keyId, key.publicKey]]);

async function* each<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

function checkpointsOf(chain: AuditRecord[], at: number[]): Checkpoint[] {
  return at.map((seq) =>
    key.signCheckpoint({
      seq,
      rootHash: chain[seq - 1]!.hash,
      createdAt: '2025-01-01T00:00:00.000Z',
    }),
  );
}

function run(records: AuditRecord[], checkpoints: Checkpoint[], toSeq = 10, fromSeq = 1) {
  return verifyChain({
    records: each(records),
    checkpoints: each(checkpoints),
    fromSeq,
    toSeq,
    previousHash: fromSeq === 1 ? GENESIS_HASH : records[0]!.prevHash,
    keys,
  });
}

describe('verifyChain', () => {
  const chain = chainOf(10);
  const checkpoints = checkpointsOf(chain, [4, 8, 10]);

  it('passes an untouched chain and counts what it checked', async () => {
    expect(await run(chain, checkpoints)).toEqual({
      ok: true,
      checked: 10,
      checkpointsChecked: 3,
      firstBad: null,
      lastSeq: 10,
    });
  });

  it('stops at the first bad record, before later checkpoints', async () => {
    const tampered = [...chain];
    tampered[5] = { ...tampered[5]!, data: { text: 'changed' } };
    const outcome = await run(tampered, checkpoints);
    expect(outcome).toMatchObject({
      ok: false,
      checked: 5,
      checkpointsChecked: 1,
      firstBad: { seq: 6, reason: 'hash_mismatch' },
    });
  });

  it('catches a consistently rewritten chain by the checkpoint root', async () => {
    // Record 6 edited and every hash after it recomputed: only the checkpoint at 8 knows.
    const rewritten = chain.slice(0, 5);
    let prev = rewritten[4]!.hash;
    for (const r of chain.slice(5)) {
      const sealed = sealRecord({
        ...r,
        prevHash: prev,
        data: r.seq === 6 ? { text: 'changed' } : r.data,
      });
      rewritten.push(sealed);
      prev = sealed.hash;
    }
    expect((await run(rewritten, checkpoints)).firstBad).toMatchObject({
      seq: 8,
      reason: 'checkpoint_root_mismatch',
    });
  });

  it('reports an altered checkpoint as a bad signature', async () => {
    const altered = [...checkpoints];
    altered[1] = { ...altered[1]!, rootHash: 'f'.repeat(64) };
    expect((await run(chain, altered)).firstBad).toMatchObject({
      seq: 8,
      reason: 'checkpoint_signature_invalid',
    });
  });

  it('reports records removed at the end, by the checkpoint sealing them or the head', async () => {
    expect((await run(chain.slice(0, 9), checkpoints)).firstBad).toMatchObject({
      seq: 10,
      reason: 'checkpoint_root_mismatch',
    });
    expect((await run(chain.slice(0, 9), checkpoints.slice(0, 2))).firstBad).toMatchObject({
      seq: 10,
      reason: 'seq_gap',
    });
  });

  it('verifies a sub-range and only its checkpoints', async () => {
    const outcome = await run(chain.slice(4, 8), checkpoints.slice(1, 2), 8, 5);
    expect(outcome).toMatchObject({ ok: true, checked: 4, checkpointsChecked: 1, lastSeq: 8 });
  });
});
