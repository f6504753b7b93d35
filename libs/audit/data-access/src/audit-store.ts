import type { AuditDraft, AuditRecord, Checkpoint } from '@tidings/audit/domain';

/** Which records a search, a scan or an export reads. Every field narrows; unset: any. */
export interface AuditFilter {
  /** Inclusive seq bounds. */
  fromSeq?: number;
  toSeq?: number;
  /** occurredAt bounds, epoch ms: from inclusive, to exclusive. */
  fromMs?: number;
  toMs?: number;
  /** Records concerning any of these users (subjectIds). */
  users?: string[];
  conversations?: string[];
  types?: string[];
  /** Case-insensitive substring of the record's data (message texts, names…). */
  q?: string;
}

/** Where the chain ends, as the writer last recorded it. */
export interface ChainHead {
  seq: number;
  hash: string;
  lastCheckpointSeq: number;
  /** When the last checkpoint was made (epoch ms; 0: never). */
  lastCheckpointMs: number;
}

/** What the writer decides inside its transaction, with the chain locked. */
export interface AppendPlan {
  /** The new record's id and recordedAt. */
  stamp(): { id: string; recordedAt: string };
  /**
   * Called once after the batch's records are in, with the head they make: a checkpoint of
   * that head to store in the same transaction, or null.
   */
  checkpoint(head: ChainHead): Checkpoint | null;
}

/** One draft's fate: appended as `record`, or skipped because its event was recorded before. */
export type AppendResult =
  { appended: true; record: AuditRecord } | { appended: false; duplicateOf: number };

/**
 * The one way records enter the trail. There is no update and no delete: the trail is
 * append-only in code, and the database role can be made insert-only (docs/compliance.md).
 */
export interface AuditAppendStore {
  /**
   * Appends the drafts in order in one transaction, holding the chain head's lock so that no
   * other writer — in this process or another — can take the same seq. Drafts whose
   * sourceEventId is already recorded (or repeated within the batch) are skipped.
   */
  appendBatch(drafts: AuditDraft[], plan: AppendPlan): Promise<AppendResult[]>;
}

/** Reads of the trail. Scans stream in seq order a page at a time: memory stays bounded. */
export interface AuditReadStore {
  head(): Promise<ChainHead>;
  get(seq: number): Promise<AuditRecord | undefined>;
  /** Up to `limit` records matching the filter after `afterSeq` (before it when descending). */
  search(
    filter: AuditFilter,
    page: { afterSeq?: number; limit: number; order?: 'asc' | 'desc' },
  ): Promise<AuditRecord[]>;
  /** Every matching record in seq order, fetched `pageSize` at a time. */
  scan(filter: AuditFilter, pageSize?: number): AsyncIterable<AuditRecord>;
  /** Records by seq only, every column as stored (for verification). */
  range(fromSeq: number, toSeq: number, pageSize?: number): AsyncIterable<AuditRecord>;
  /** Count of matching records (an export's total). */
  count(filter: AuditFilter): Promise<number>;
  /**
   * Who was an active member of the conversation just after record `at.seq` (or at the
   * instant `at.ms`), from its created/joined/left records.
   */
  membersAt(conversationId: string, at: { seq: number } | { ms: number }): Promise<string[]>;
  /** Checkpoints with seq in [fromSeq, toSeq], ascending. */
  checkpoints(fromSeq: number, toSeq: number, pageSize?: number): AsyncIterable<Checkpoint>;
  /** A page of checkpoints, newest first, before `beforeSeq`. */
  listCheckpoints(page: { beforeSeq?: number; limit: number }): Promise<Checkpoint[]>;
  /** The first checkpoint at or after `seq` (an export's proof), or undefined. */
  checkpointAtOrAfter(seq: number): Promise<Checkpoint | undefined>;
}

export type AuditStore = AuditAppendStore & AuditReadStore;
