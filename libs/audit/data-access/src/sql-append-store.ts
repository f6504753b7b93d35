import { sealRecord, type AuditDraft, type AuditRecord } from '@tidings/audit/domain';
import { chunk, int, Sql } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { AppendPlan, AppendResult, AuditAppendStore, ChainHead } from './audit-store';
import { headOf, INSERT_COLUMN_COUNT, INSERT_COLUMNS, insertValuesOf, type HeadRow } from './rows';

const HEAD_COLUMNS = 'last_seq, last_hash, last_checkpoint_seq, last_checkpoint_ms';

/** Tries of a batch that another process's write kept out (SQLite), ~10 s in all. */
const BUSY_RETRIES = 250;

/**
 * Another process holds SQLite's write lock (a `tidings audit verify` recording itself while the
 * server appends). SQLite refuses at once, without waiting, when this transaction's snapshot
 * went stale; the whole batch rolled back, so trying it again is safe.
 */
function isSqliteBusy(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: unknown } } | undefined)?.driverError;
  const code = driver?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Appends records in batches, one transaction per batch. The first statement of every batch
 * writes the chain-head row: on PostgreSQL that takes its row lock, on SQLite the database's
 * write lock, so a second writer (another process) waits here until this batch commits and
 * then reads the head this batch left — seq and prev_hash can never fork.
 */
export class SqlAuditAppendStore implements AuditAppendStore {
  constructor(private readonly dataSource: DataSource) {}

  async appendBatch(drafts: AuditDraft[], plan: AppendPlan): Promise<AppendResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.appendOnce(drafts, plan);
      } catch (error) {
        if (!isSqliteBusy(error) || attempt >= BUSY_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(50, attempt * 5)));
      }
    }
  }

  private appendOnce(drafts: AuditDraft[], plan: AppendPlan): Promise<AppendResult[]> {
    return this.dataSource.transaction(async (manager) => {
      const sql = new Sql(manager);
      // Locks the head and reads it in one round trip.
      const head = headOf(
        await sql.one<HeadRow>(
          `UPDATE audit_chain_head SET last_seq = last_seq WHERE id = 1 RETURNING ${HEAD_COLUMNS}`,
        ),
      );
      const known = await this.recordedEvents(sql, drafts);

      const results: AppendResult[] = [];
      const records: AuditRecord[] = [];
      const rows: unknown[][] = [];
      const subjects: unknown[][] = [];
      let seq = head.seq;
      let prevHash = head.hash;
      for (const draft of drafts) {
        const duplicateOf = draft.sourceEventId ? known.get(draft.sourceEventId) : undefined;
        if (duplicateOf !== undefined) {
          results.push({ appended: false, duplicateOf });
          continue;
        }
        // Hashed as it will read back: a JSON round trip drops what JSON cannot hold.
        const dataText = JSON.stringify(draft.data);
        const record = sealRecord({
          seq: ++seq,
          ...plan.stamp(),
          sourceEventId: draft.sourceEventId,
          type: draft.type,
          occurredAt: draft.occurredAt,
          actor: draft.actor,
          subjectIds: draft.subjectIds,
          conversationId: draft.conversationId,
          data: JSON.parse(dataText) as Record<string, unknown>,
          prevHash,
        });
        prevHash = record.hash;
        if (draft.sourceEventId) known.set(draft.sourceEventId, record.seq);
        records.push(record);
        rows.push(insertValuesOf(record, dataText));
        for (const userId of record.subjectIds) subjects.push([userId, record.seq]);
        results.push({ appended: true, record });
      }

      if (rows.length > 0) {
        const marks = `(${Sql.list(INSERT_COLUMN_COUNT)})`;
        await sql.perRow(
          `INSERT INTO audit_records (${INSERT_COLUMNS}) VALUES ${marks}`,
          (n) =>
            `INSERT INTO audit_records (${INSERT_COLUMNS}) VALUES ${Sql.rows(n, INSERT_COLUMN_COUNT)}`,
          rows,
        );
      }
      if (subjects.length > 0) {
        await sql.perRow(
          'INSERT INTO audit_record_subjects (user_id, seq) VALUES (?, ?)',
          (n) => `INSERT INTO audit_record_subjects (user_id, seq) VALUES ${Sql.rows(n, 2)}`,
          subjects,
        );
      }

      const next: ChainHead = { ...head, seq, hash: prevHash };
      const checkpoint = plan.checkpoint(next);
      if (checkpoint) {
        await sql.run(
          'INSERT INTO audit_checkpoints (seq, root_hash, created_at, key_id, signature) VALUES (?, ?, ?, ?, ?)',
          [
            checkpoint.seq,
            checkpoint.rootHash,
            checkpoint.createdAt,
            checkpoint.keyId,
            checkpoint.signature,
          ],
        );
        next.lastCheckpointSeq = checkpoint.seq;
        next.lastCheckpointMs = Date.parse(checkpoint.createdAt);
      }
      if (records.length > 0 || checkpoint) {
        await sql.run(
          'UPDATE audit_chain_head SET last_seq = ?, last_hash = ?, last_checkpoint_seq = ?, last_checkpoint_ms = ? WHERE id = 1',
          [next.seq, next.hash, next.lastCheckpointSeq, next.lastCheckpointMs],
        );
      }
      return results;
    });
  }

  /** sourceEventId → seq of the drafts' events already in the trail. */
  private async recordedEvents(sql: Sql, drafts: AuditDraft[]): Promise<Map<string, number>> {
    const ids = [...new Set(drafts.map((d) => d.sourceEventId).filter((id) => id !== null))];
    const known = new Map<string, number>();
    for (const part of chunk(ids, 500)) {
      const rows = await sql.rows<{ source_event_id: string; seq: unknown }>(
        `SELECT source_event_id, seq FROM audit_records WHERE source_event_id IN (${Sql.list(part.length)})`,
        part,
      );
      for (const row of rows) known.set(row.source_event_id, int(row.seq));
    }
    return known;
  }
}
