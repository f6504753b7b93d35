import { Inject, Injectable } from '@nestjs/common';
import type { AuditFilter, AuditReadStore } from '@tidings/audit/data-access';
import { AUDIT_OWN_TYPES, type AuditActor, type AuditRecord } from '@tidings/audit/domain';
import { decodeCursor, encodeCursor } from '../api/cursor';
import type { CheckpointsQuery, SearchQuery } from '../api/schemas';
import { AUDIT_READ_STORE } from '../ports';
import { AuditVerifier, type VerifyReport } from '../verify/audit-verifier';
import { AuditWriter } from '../writer/audit-writer';

/**
 * What compliance users ask of the trail: search, verification, checkpoints. A search and a
 * verification are themselves recorded — and the answer waits for that record to commit, so
 * nobody reads the trail without leaving a trace in it.
 */
@Injectable()
export class AuditQueries {
  constructor(
    @Inject(AUDIT_READ_STORE) private readonly store: AuditReadStore,
    private readonly writer: AuditWriter,
    private readonly verifier: AuditVerifier,
  ) {}

  async search(
    actor: AuditActor,
    query: SearchQuery,
  ): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
    const filter: AuditFilter = {
      ...(query.from !== undefined ? { fromMs: query.from } : {}),
      ...(query.to !== undefined ? { toMs: query.to } : {}),
      ...(query.users?.length ? { users: query.users } : {}),
      ...(query.conversations?.length ? { conversations: query.conversations } : {}),
      ...(query.types?.length ? { types: query.types } : {}),
      ...(query.q ? { q: query.q } : {}),
    };
    const afterSeq = decodeCursor(query.cursor);
    // One more than asked: whether a next page exists, without a count.
    const rows = await this.store.search(filter, {
      afterSeq,
      limit: query.limit + 1,
      order: query.order,
    });
    const items = rows.slice(0, query.limit);
    const first = items[0];
    const last = items[items.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeCursor(last.seq) : null;
    await this.writer.recordOwn(AUDIT_OWN_TYPES.searchPerformed, actor, {
      filters: {
        from: query.from !== undefined ? new Date(query.from).toISOString() : null,
        to: query.to !== undefined ? new Date(query.to).toISOString() : null,
        users: query.users ?? [],
        conversations: query.conversations ?? [],
        types: query.types ?? [],
        q: query.q ?? null,
        order: query.order,
      },
      cursor: query.cursor ?? null,
      resultCount: items.length,
      seqs: first && last ? { first: first.seq, last: last.seq } : null,
    });
    return { items, nextCursor };
  }

  /** Verifies and records that it did (with the outcome). */
  async verify(actor: AuditActor, range: { from?: number; to?: number }): Promise<VerifyReport> {
    const report = await this.verifier.verify(range);
    await this.writer.recordOwn(AUDIT_OWN_TYPES.verifyPerformed, actor, {
      from: report.from,
      to: report.to,
      ok: report.ok,
      checked: report.checked,
      checkpointsChecked: report.checkpointsChecked,
      firstBad: report.firstBad,
    });
    return report;
  }

  async checkpoints(query: CheckpointsQuery) {
    const beforeSeq = decodeCursor(query.cursor);
    const rows = await this.store.listCheckpoints({ beforeSeq, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.seq) : null,
    };
  }
}
