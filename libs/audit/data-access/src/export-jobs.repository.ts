import type { ExportFilters, ExportFormat } from '@tidings/audit/domain';
import { int, intOrNull, Sql, type Db } from '@tidings/platform/persistence';

export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportJobRecord {
  id: string;
  status: ExportJobStatus;
  format: ExportFormat;
  filters: ExportFilters;
  progress: { records: number; total: number | null };
  createdBy: { kind: string; id: string };
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
  recordCount: number | null;
  /** Where the archive lies (server side; never shown). */
  archivePath: string | null;
  archive: { bytes: number; sha256: string } | null;
}

export interface ExportJobOutcome {
  recordCount: number;
  archivePath: string;
  archive: { bytes: number; sha256: string };
}

/** Export jobs' rows: created queued, then running with progress, then done or failed. */
export interface ExportJobsRepository {
  insert(
    job: Pick<ExportJobRecord, 'id' | 'format' | 'filters' | 'createdBy' | 'createdAt'>,
  ): Promise<void>;
  get(id: string): Promise<ExportJobRecord | undefined>;
  /** Newest first, ids below `beforeId`. */
  list(page: { beforeId?: string; limit: number }): Promise<ExportJobRecord[]>;
  start(id: string, total: number): Promise<void>;
  progress(id: string, records: number): Promise<void>;
  finish(id: string, at: number, outcome: ExportJobOutcome): Promise<void>;
  fail(id: string, at: number, error: string): Promise<void>;
  /** Jobs queued or running (left by a process that stopped): failed with `error`. */
  failUnfinished(at: number, error: string): Promise<string[]>;
}

interface JobRow {
  id: string;
  status: string;
  format: string;
  filters: string;
  progress_records: unknown;
  progress_total: unknown;
  created_by_kind: string;
  created_by_id: string;
  created_ms: unknown;
  finished_ms: unknown;
  error: string | null;
  record_count: unknown;
  archive_path: string | null;
  archive_bytes: unknown;
  archive_sha256: string | null;
}

const COLUMNS =
  'id, status, format, filters, progress_records, progress_total, created_by_kind, ' +
  'created_by_id, created_ms, finished_ms, error, record_count, archive_path, archive_bytes, ' +
  'archive_sha256';

export class SqlExportJobsRepository implements ExportJobsRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async insert(
    job: Pick<ExportJobRecord, 'id' | 'format' | 'filters' | 'createdBy' | 'createdAt'>,
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO audit_export_jobs (id, status, format, filters, progress_records, created_by_kind, created_by_id, created_ms) VALUES (?, 'queued', ?, ?, 0, ?, ?, ?)`,
      [
        job.id,
        job.format,
        JSON.stringify(job.filters),
        job.createdBy.kind,
        job.createdBy.id,
        job.createdAt,
      ],
    );
  }

  async get(id: string): Promise<ExportJobRecord | undefined> {
    const row = await this.sql.one<JobRow>(
      `SELECT ${COLUMNS} FROM audit_export_jobs WHERE id = ?`,
      [id],
    );
    return row ? jobOf(row) : undefined;
  }

  async list(page: { beforeId?: string; limit: number }): Promise<ExportJobRecord[]> {
    const before = page.beforeId === undefined ? '' : 'WHERE id < ? ';
    const rows = await this.sql.rows<JobRow>(
      `SELECT ${COLUMNS} FROM audit_export_jobs ${before}ORDER BY id DESC LIMIT ?`,
      [...(page.beforeId === undefined ? [] : [page.beforeId]), page.limit],
    );
    return rows.map(jobOf);
  }

  async start(id: string, total: number): Promise<void> {
    await this.sql.run(
      `UPDATE audit_export_jobs SET status = 'running', progress_total = ?, progress_records = 0 WHERE id = ?`,
      [total, id],
    );
  }

  async progress(id: string, records: number): Promise<void> {
    await this.sql.run(`UPDATE audit_export_jobs SET progress_records = ? WHERE id = ?`, [
      records,
      id,
    ]);
  }

  async finish(id: string, at: number, outcome: ExportJobOutcome): Promise<void> {
    await this.sql.run(
      `UPDATE audit_export_jobs SET status = 'done', finished_ms = ?, progress_records = ?, record_count = ?, archive_path = ?, archive_bytes = ?, archive_sha256 = ? WHERE id = ?`,
      [
        at,
        outcome.recordCount,
        outcome.recordCount,
        outcome.archivePath,
        outcome.archive.bytes,
        outcome.archive.sha256,
        id,
      ],
    );
  }

  async fail(id: string, at: number, error: string): Promise<void> {
    await this.sql.run(
      `UPDATE audit_export_jobs SET status = 'failed', finished_ms = ?, error = ? WHERE id = ?`,
      [at, error, id],
    );
  }

  async failUnfinished(at: number, error: string): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(
      `SELECT id FROM audit_export_jobs WHERE status IN ('queued', 'running')`,
    );
    for (const { id } of rows) await this.fail(id, at, error);
    return rows.map((r) => r.id);
  }
}

function jobOf(row: JobRow): ExportJobRecord {
  const bytes = intOrNull(row.archive_bytes);
  return {
    id: row.id,
    status: row.status as ExportJobStatus,
    format: row.format as ExportFormat,
    filters: JSON.parse(row.filters) as ExportFilters,
    progress: { records: int(row.progress_records), total: intOrNull(row.progress_total) },
    createdBy: { kind: row.created_by_kind, id: row.created_by_id },
    createdAt: int(row.created_ms),
    finishedAt: intOrNull(row.finished_ms),
    error: row.error,
    recordCount: intOrNull(row.record_count),
    archivePath: row.archive_path,
    archive:
      bytes !== null && row.archive_sha256 !== null ? { bytes, sha256: row.archive_sha256 } : null,
  };
}
