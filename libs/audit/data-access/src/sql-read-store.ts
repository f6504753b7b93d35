import {
  applyMembership,
  MEMBERSHIP_TYPES,
  type AuditRecord,
  type Checkpoint,
} from '@tidings/audit/domain';
import { int, Sql } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { AuditFilter, AuditReadStore, ChainHead } from './audit-store';
import { whereOf } from './filter-sql';
import {
  CHECKPOINT_COLUMNS,
  checkpointOf,
  headOf,
  RECORD_COLUMNS,
  recordOf,
  type CheckpointRow,
  type HeadRow,
  type RecordRow,
} from './rows';

const PAGE = 1000;

/** Reads of the audit trail on either database; every scan pages by seq (keyset). */
export class SqlAuditReadStore implements AuditReadStore {
  private readonly sql: Sql;

  constructor(dataSource: DataSource) {
    this.sql = new Sql(dataSource);
  }

  async head(): Promise<ChainHead> {
    return headOf(
      await this.sql.one<HeadRow>(
        'SELECT last_seq, last_hash, last_checkpoint_seq, last_checkpoint_ms FROM audit_chain_head WHERE id = 1',
      ),
    );
  }

  async get(seq: number): Promise<AuditRecord | undefined> {
    const row = await this.sql.one<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM audit_records WHERE seq = ?`,
      [seq],
    );
    return row ? recordOf(row) : undefined;
  }

  async search(
    filter: AuditFilter,
    page: { afterSeq?: number; limit: number; order?: 'asc' | 'desc' },
  ): Promise<AuditRecord[]> {
    const { clause, params } = whereOf(filter);
    const desc = page.order === 'desc';
    const after = page.afterSeq === undefined ? '' : desc ? ' AND seq < ?' : ' AND seq > ?';
    const rows = await this.sql.rows<RecordRow>(
      `SELECT ${RECORD_COLUMNS} FROM audit_records WHERE ${clause}${after} ORDER BY seq ${desc ? 'DESC' : 'ASC'} LIMIT ?`,
      [...params, ...(page.afterSeq === undefined ? [] : [page.afterSeq]), page.limit],
    );
    return rows.map(recordOf);
  }

  async *scan(filter: AuditFilter, pageSize = PAGE): AsyncIterable<AuditRecord> {
    let afterSeq: number | undefined;
    for (;;) {
      const page = await this.search(filter, { afterSeq, limit: pageSize });
      yield* page;
      const last = page[page.length - 1];
      if (page.length < pageSize || !last) return;
      afterSeq = last.seq;
    }
  }

  range(fromSeq: number, toSeq: number, pageSize = PAGE): AsyncIterable<AuditRecord> {
    return this.scan({ fromSeq, toSeq }, pageSize);
  }

  async count(filter: AuditFilter): Promise<number> {
    const { clause, params } = whereOf(filter);
    const row = await this.sql.one<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM audit_records WHERE ${clause}`,
      params,
    );
    return int(row?.n ?? 0);
  }

  async membersAt(conversationId: string, at: { seq: number } | { ms: number }): Promise<string[]> {
    const members = new Set<string>();
    const bound = 'seq' in at ? { toSeq: at.seq } : { toMs: at.ms + 1 };
    const filter: AuditFilter = {
      conversations: [conversationId],
      types: [...MEMBERSHIP_TYPES],
      ...bound,
    };
    for await (const record of this.scan(filter)) applyMembership(members, record);
    return [...members].sort();
  }

  async *checkpoints(fromSeq: number, toSeq: number, pageSize = PAGE): AsyncIterable<Checkpoint> {
    let from = fromSeq;
    for (;;) {
      const rows = await this.sql.rows<CheckpointRow>(
        `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT ?`,
        [from, toSeq, pageSize],
      );
      const page = rows.map(checkpointOf);
      yield* page;
      const last = page[page.length - 1];
      if (page.length < pageSize || !last) return;
      from = last.seq + 1;
    }
  }

  async listCheckpoints(page: { beforeSeq?: number; limit: number }): Promise<Checkpoint[]> {
    const before = page.beforeSeq === undefined ? '' : 'WHERE seq < ? ';
    const rows = await this.sql.rows<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ${before}ORDER BY seq DESC LIMIT ?`,
      [...(page.beforeSeq === undefined ? [] : [page.beforeSeq]), page.limit],
    );
    return rows.map(checkpointOf);
  }

  async checkpointAtOrAfter(seq: number): Promise<Checkpoint | undefined> {
    const row = await this.sql.one<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE seq >= ? ORDER BY seq LIMIT 1`,
      [seq],
    );
    return row ? checkpointOf(row) : undefined;
  }
}
