import { Inject, Injectable } from '@nestjs/common';
import type { AuditReadStore } from '@tidings/audit/data-access';
import { GENESIS_HASH, invalidRange, verifyChain, type ChainFault } from '@tidings/audit/domain';
import { AuditKeys } from '../keys';
import { AUDIT_READ_STORE } from '../ports';

/** What `POST /audit/verify` and `tidings audit verify` answer. */
export interface VerifyReport {
  ok: boolean;
  checked: number;
  checkpointsChecked: number;
  firstBad: null | { seq: number; reason: ChainFault; detail: string };
  /** The last seq checked. */
  lastSeq: number;
  /** The range asked for, after defaults: from 1 to the head. */
  from: number;
  to: number;
}

/**
 * Recomputes the chain over a range straight from the database, page by page (bounded
 * memory), and checks each checkpoint in it against the configured keys.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    @Inject(AUDIT_READ_STORE) private readonly store: AuditReadStore,
    private readonly keys: AuditKeys,
  ) {}

  async verify(range: { from?: number; to?: number } = {}): Promise<VerifyReport> {
    const from = range.from ?? 1;
    if (!Number.isSafeInteger(from) || from < 1) {
      throw invalidRange('body.from', 'from must be a record seq (1 or more)');
    }
    if (range.to !== undefined && (!Number.isSafeInteger(range.to) || range.to < from)) {
      throw invalidRange('body.to', 'to must be a record seq not below from');
    }
    const head = await this.store.head();
    // The head is where the writer says the chain ends: checking up to it catches records
    // removed from the end. Beyond it there is nothing to check.
    const to = Math.min(range.to ?? head.seq, head.seq);
    if (to < from) {
      return {
        ok: true,
        checked: 0,
        checkpointsChecked: 0,
        firstBad: null,
        lastSeq: from - 1,
        from,
        to,
      };
    }
    const previousHash =
      from === 1 ? GENESIS_HASH : ((await this.store.get(from - 1))?.hash ?? null);
    const outcome = await verifyChain({
      records: this.store.range(from, to),
      checkpoints: this.store.checkpoints(from, to),
      fromSeq: from,
      toSeq: to,
      previousHash,
      keys: this.keys.ring,
    });
    return { ...outcome, from, to };
  }
}
