import { recordHash } from './canonical';
import { GENESIS_HASH, type AuditRecord } from './record';

/** Why verification stopped at a record or checkpoint (docs/compliance.md). */
export type ChainFault =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'seq_gap'
  | 'checkpoint_signature_invalid'
  | 'checkpoint_root_mismatch';

export interface ChainBreak {
  /** The first record that is wrong or missing (for a checkpoint: the seq it covers). */
  seq: number;
  reason: ChainFault;
  /** A sentence for people: what was expected and found. */
  detail: string;
}

/**
 * Walks the chain one record at a time, in seq order, keeping only the last hash: a verifier
 * over millions of records holds one record at a time. Starting mid-chain (`from` > 1) trusts
 * the record before `from` for its hash — the caller passes it as `previousHash`.
 */
export class ChainWalker {
  private expectedSeq: number;
  /** null: the first record's link is taken on trust (a walk starting mid-chain, blind). */
  private lastHash: string | null;
  private checkedCount = 0;

  constructor(firstSeq = 1, previousHash: string | null = GENESIS_HASH) {
    this.expectedSeq = firstSeq;
    this.lastHash = previousHash;
  }

  /** The number of records accepted so far. */
  get checked(): number {
    return this.checkedCount;
  }

  /** The seq the next record must have. */
  get nextSeq(): number {
    return this.expectedSeq;
  }

  /** The hash of the last record accepted (the chain's head as far as walked). */
  get headHash(): string | null {
    return this.lastHash;
  }

  /** Checks the next record; null when it continues the chain, else the first fault found. */
  accept(record: AuditRecord): ChainBreak | null {
    if (record.seq !== this.expectedSeq) {
      return {
        seq: this.expectedSeq,
        reason: 'seq_gap',
        detail: `record ${this.expectedSeq} is missing (next found: ${record.seq})`,
      };
    }
    const recomputed = recordHash(record);
    if (recomputed !== record.hash) {
      return {
        seq: record.seq,
        reason: 'hash_mismatch',
        detail: `record ${record.seq}'s content does not match its hash`,
      };
    }
    if (this.lastHash !== null && record.prevHash !== this.lastHash) {
      return {
        seq: record.seq,
        reason: 'prev_hash_mismatch',
        detail: `record ${record.seq} does not link to record ${record.seq - 1}'s hash`,
      };
    }
    this.lastHash = record.hash;
    this.expectedSeq++;
    this.checkedCount++;
    return null;
  }

  /**
   * After the last record: the chain must reach `expectedLast` (the head the writer
   * recorded), else records at its end were removed.
   */
  finish(expectedLast: number): ChainBreak | null {
    if (this.expectedSeq - 1 >= expectedLast) return null;
    return {
      seq: this.expectedSeq,
      reason: 'seq_gap',
      detail: `records ${this.expectedSeq}…${expectedLast} are missing`,
    };
  }
}
