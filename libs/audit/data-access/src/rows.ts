import type { AuditRecord, Checkpoint } from '@tidings/audit/domain';
import { int } from '@tidings/platform/persistence';
import type { ChainHead } from './audit-store';

export interface RecordRow {
  seq: unknown;
  id: string;
  source_event_id: string | null;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor_kind: string | null;
  actor_id: string | null;
  subject_ids: string;
  conversation_id: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export const RECORD_COLUMNS =
  'seq, id, source_event_id, type, occurred_at, recorded_at, actor_kind, actor_id, ' +
  'subject_ids, conversation_id, data, prev_hash, hash';

/** The columns inserted, in order (RECORD_COLUMNS plus occurred_ms). */
export const INSERT_COLUMNS = `${RECORD_COLUMNS}, occurred_ms`;
export const INSERT_COLUMN_COUNT = 14;

export function recordOf(row: RecordRow): AuditRecord {
  return {
    seq: int(row.seq),
    id: row.id,
    sourceEventId: row.source_event_id,
    type: row.type,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor:
      row.actor_kind !== null && row.actor_id !== null
        ? { kind: row.actor_kind, id: row.actor_id }
        : null,
    subjectIds: JSON.parse(row.subject_ids) as string[],
    conversationId: row.conversation_id,
    data: JSON.parse(row.data) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The values of one INSERT row, in INSERT_COLUMNS order (`dataText`: data as stored). */
export function insertValuesOf(record: AuditRecord, dataText: string): unknown[] {
  return [
    record.seq,
    record.id,
    record.sourceEventId,
    record.type,
    record.occurredAt,
    record.recordedAt,
    record.actor?.kind ?? null,
    record.actor?.id ?? null,
    JSON.stringify(record.subjectIds),
    record.conversationId,
    dataText,
    record.prevHash,
    record.hash,
    Date.parse(record.occurredAt),
  ];
}

export interface CheckpointRow {
  seq: unknown;
  root_hash: string;
  created_at: string;
  key_id: string;
  signature: string;
}

export const CHECKPOINT_COLUMNS = 'seq, root_hash, created_at, key_id, signature';

export function checkpointOf(row: CheckpointRow): Checkpoint {
  return {
    seq: int(row.seq),
    rootHash: row.root_hash,
    createdAt: row.created_at,
    keyId: row.key_id,
    signature: row.signature,
  };
}

export interface HeadRow {
  last_seq: unknown;
  last_hash: string;
  last_checkpoint_seq: unknown;
  last_checkpoint_ms: unknown;
}

export function headOf(row: HeadRow | undefined): ChainHead {
  if (!row) throw new Error('audit_chain_head has no row: the audit migrations did not run');
  return {
    seq: int(row.last_seq),
    hash: row.last_hash,
    lastCheckpointSeq: int(row.last_checkpoint_seq),
    lastCheckpointMs: int(row.last_checkpoint_ms),
  };
}
