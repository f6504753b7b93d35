import { Inject, Injectable } from '@nestjs/common';
import type {
  AppendPlan,
  AppendResult,
  AuditAppendStore,
  AuditReadStore,
  ChainHead,
} from '@tidings/audit/data-access';
import type { AuditActor, AuditDraft, AuditRecord, Checkpoint } from '@tidings/audit/domain';
import { GroupCommit, uuidv7, type Outcome } from '@tidings/platform/bus';
import { AuditKeys } from '../keys';
import {
  AUDIT_APPEND_STORE,
  AUDIT_OPTIONS,
  AUDIT_READ_STORE,
  AuditClock,
  type AuditOptions,
} from '../ports';

/** A draft to append, or a request for a checkpoint (forced, or if one is due by age). */
type Job = { kind: 'draft'; draft: AuditDraft } | { kind: 'checkpoint'; force: boolean };

/** What an audit-own record says besides its type, actor and data. */
export interface OwnRecordExtras {
  subjectIds?: string[];
  conversationId?: string | null;
}

/**
 * The one writer of the trail in this process. Appends go through one group-commit queue:
 * one batch at a time, in submission order, so this process never races itself for a seq;
 * the store's head lock covers other processes. Checkpoints are made inside the same
 * transactions, so a checkpoint's root is always the hash of the record at its seq.
 */
@Injectable()
export class AuditWriter {
  private readonly queue: GroupCommit<Job, AppendResult | Checkpoint | null>;

  constructor(
    @Inject(AUDIT_APPEND_STORE) private readonly store: AuditAppendStore,
    @Inject(AUDIT_READ_STORE) private readonly reads: AuditReadStore,
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
    private readonly keys: AuditKeys,
    private readonly clock: AuditClock,
  ) {
    // Gathered per event-loop turn: the bus's partition readers, woken together by one
    // relay append, share a transaction instead of each committing alone.
    this.queue = new GroupCommit((jobs) => this.execute(jobs), options.maxBatch, {
      gather: true,
    });
  }

  /** Appends a record for a bus event; a duplicate of a recorded event appends nothing. */
  async record(draft: AuditDraft): Promise<AppendResult> {
    return (await this.queue.submit({ kind: 'draft', draft })) as AppendResult;
  }

  /** Appends a record of something the audit service did itself (a search, an export…). */
  async recordOwn(
    type: string,
    actor: AuditActor | null,
    data: Record<string, unknown>,
    extras: OwnRecordExtras = {},
  ): Promise<AuditRecord> {
    const result = await this.record({
      sourceEventId: null,
      type,
      occurredAt: new Date(this.clock.now()).toISOString(),
      actor,
      subjectIds: extras.subjectIds ?? (actor ? [actor.id] : []),
      conversationId: extras.conversationId ?? null,
      data,
    });
    if (!result.appended) throw new Error('an audit-own record cannot be a duplicate');
    return result.record;
  }

  /**
   * A checkpoint of the chain's head now (exports prove their range with one), unless the head
   * already has one: then null — the latest checkpoint covers it.
   */
  async checkpointNow(): Promise<Checkpoint | null> {
    return (await this.queue.submit({ kind: 'checkpoint', force: true })) as Checkpoint | null;
  }

  /** The timer's turn: a checkpoint if records came since the last one and it is old enough. */
  async checkpointIfDue(): Promise<Checkpoint | null> {
    const head = await this.reads.head();
    if (!this.dueByAge(head)) return null;
    return (await this.queue.submit({ kind: 'checkpoint', force: false })) as Checkpoint | null;
  }

  private dueByAge(head: ChainHead): boolean {
    return (
      head.seq > head.lastCheckpointSeq &&
      this.clock.now() - head.lastCheckpointMs >= this.options.checkpointSeconds * 1000
    );
  }

  private async execute(jobs: Job[]): Promise<Array<Outcome<AppendResult | Checkpoint | null>>> {
    const drafts = jobs.flatMap((job) => (job.kind === 'draft' ? [job.draft] : []));
    const forced = jobs.some((job) => job.kind === 'checkpoint' && job.force);
    const byAge = jobs.some((job) => job.kind === 'checkpoint' && !job.force);
    let made: Checkpoint | null = null;
    const plan: AppendPlan = {
      stamp: () => ({ id: uuidv7(), recordedAt: new Date(this.clock.now()).toISOString() }),
      checkpoint: (head) => {
        if (head.seq <= head.lastCheckpointSeq || head.seq === 0) return null;
        const due =
          forced ||
          head.seq - head.lastCheckpointSeq >= this.options.checkpointEvery ||
          (byAge && this.dueByAge(head));
        if (!due) return null;
        made = this.keys.signing.signCheckpoint({
          seq: head.seq,
          rootHash: head.hash,
          createdAt: new Date(this.clock.now()).toISOString(),
        });
        return made;
      },
    };
    const results = await this.store.appendBatch(drafts, plan);
    let next = 0;
    return jobs.map((job) =>
      job.kind === 'draft'
        ? { ok: true, value: results[next++] as AppendResult }
        : { ok: true, value: made },
    );
  }
}
