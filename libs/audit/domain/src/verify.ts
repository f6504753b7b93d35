import type { KeyObject } from 'node:crypto';
import { ChainWalker, type ChainBreak } from './chain';
import { checkCheckpoint, type Checkpoint } from './checkpoint';
import type { AuditRecord } from './record';

export interface VerifyInput {
  /** Records with seq from `fromSeq` on, ascending (as stored: gaps and all). */
  records: AsyncIterable<AuditRecord>;
  /** Checkpoints with seq in the range, ascending. */
  checkpoints: AsyncIterable<Checkpoint>;
  fromSeq: number;
  /** The last seq to check; records beyond it are not read. */
  toSeq: number;
  /**
   * The hash of record fromSeq - 1 when starting mid-chain (null: take the first record's
   * prevHash on trust); GENESIS_HASH from seq 1.
   */
  previousHash: string | null;
  /** Public keys by keyId: the current signing key and any trusted earlier ones. */
  keys: ReadonlyMap<string, KeyObject>;
}

export interface VerifyOutcome {
  ok: boolean;
  /** Records whose hash and link were checked and held. */
  checked: number;
  checkpointsChecked: number;
  firstBad: ChainBreak | null;
  /** The last seq checked (toSeq when the chain is whole). */
  lastSeq: number;
}

/**
 * Recomputes the chain from `fromSeq` to `toSeq` and checks every checkpoint in that range as
 * the walk reaches it: its signature, and that the chain's hash at its seq is its root. Stops at
 * the first fault — the earliest in seq order — since everything after a break is suspect.
 * Holds one record and one checkpoint at a time.
 */
export async function verifyChain(input: VerifyInput): Promise<VerifyOutcome> {
  const walker = new ChainWalker(input.fromSeq, input.previousHash);
  const checkpoints = input.checkpoints[Symbol.asyncIterator]();
  let pending = await next(checkpoints);
  let checkpointsChecked = 0;
  const result = (firstBad: ChainBreak | null): VerifyOutcome => ({
    ok: firstBad === null,
    checked: walker.checked,
    checkpointsChecked,
    firstBad,
    lastSeq: walker.nextSeq - 1,
  });

  for await (const record of input.records) {
    if (record.seq > input.toSeq) break;
    // A checkpoint for a seq the walk skipped over (a gap) is reported by the gap itself.
    const fault = walker.accept(record);
    if (fault) return result(fault);
    while (pending && pending.seq <= record.seq) {
      const broken = checkCheckpoint(
        pending,
        input.keys,
        pending.seq === record.seq ? record.hash : null,
      );
      if (broken) return result(broken);
      checkpointsChecked++;
      pending = await next(checkpoints);
    }
  }
  // Checkpoints past the last record: the records they sealed are gone.
  if (pending && pending.seq <= input.toSeq) {
    return result(checkCheckpoint(pending, input.keys, null));
  }
  return result(walker.finish(input.toSeq));
}

async function next<T>(iterator: AsyncIterator<T>): Promise<T | undefined> {
  const step = await iterator.next();
  return step.done ? undefined : step.value;
}
