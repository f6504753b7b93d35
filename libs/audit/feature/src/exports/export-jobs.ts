import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type {
  AuditReadStore,
  ExportJobRecord,
  ExportJobsRepository,
} from '@tidings/audit/data-access';
import {
  ARCHIVE_ROOT,
  AUDIT_OWN_TYPES,
  auditNotFound,
  exportNotReady,
  writeArchive,
  type AuditActor,
  type ExportRequest,
} from '@tidings/audit/domain';
import { uuidv7 } from '@tidings/platform/bus';
import { AuditKeys } from '../keys';
import { AUDIT_READ_STORE, AuditClock } from '../ports';
import { AuditWriter } from '../writer/audit-writer';
import {
  EXPORT_ATTACHMENTS,
  EXPORT_OPTIONS,
  type ExportAttachments,
  type ExportOptions,
} from './export-ports';
import { runExport } from './export-runner';

export const EXPORT_JOBS_REPOSITORY = Symbol('EXPORT_JOBS_REPOSITORY');

/** Progress is saved at most this often (ms): a job's row is not rewritten per page. */
const PROGRESS_EVERY_MS = 250;

/** `GET /audit/exports/{id}` (docs/compliance.md). */
export interface ExportJobView {
  id: string;
  status: ExportJobRecord['status'];
  format: ExportJobRecord['format'];
  filters: ExportJobRecord['filters'];
  progress: { records: number; total: number | null };
  createdBy: { kind: string; id: string };
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  archive: { bytes: number; sha256: string } | null;
}

class Stopped extends Error {
  constructor() {
    super('the server stopped while the export ran; start it again');
  }
}

/**
 * Export jobs: `POST /audit/exports` queues one and answers at once; jobs run one after
 * another in the background (an export reads the whole range — two at once would only share
 * the two cores), each into its own directory, then packed into a .tar.gz for download. Who
 * started which export, and what it produced, is recorded in the trail.
 *
 * A job runs in the process that accepted it. One left queued or running by a process that
 * stopped is marked failed when the next one starts (its directory is incomplete).
 */
@Injectable()
export class ExportJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditExports');
  private queue: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    @Inject(EXPORT_JOBS_REPOSITORY) private readonly jobs: ExportJobsRepository,
    @Inject(AUDIT_READ_STORE) private readonly store: AuditReadStore,
    @Inject(EXPORT_ATTACHMENTS) private readonly attachments: ExportAttachments,
    @Inject(EXPORT_OPTIONS) private readonly options: ExportOptions,
    private readonly writer: AuditWriter,
    private readonly keys: AuditKeys,
    private readonly clock: AuditClock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const failed = await this.jobs.failUnfinished(this.clock.now(), new Stopped().message);
    for (const id of failed)
      this.logger.warn(`export ${id} was left unfinished by an earlier stop`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.queue;
  }

  async create(actor: AuditActor, request: ExportRequest): Promise<ExportJobView> {
    const id = uuidv7();
    const { format, ...filters } = request;
    const createdAt = this.clock.now();
    await this.jobs.insert({ id, format, filters, createdBy: actor, createdAt });
    await this.writer.recordOwn(AUDIT_OWN_TYPES.exportStarted, actor, {
      jobId: id,
      format,
      filters,
    });
    this.queue = this.queue.then(() => this.run(id, actor, request));
    // As created: the run may already be under way, but the answer says what was accepted.
    return viewOf({
      id,
      status: 'queued',
      format,
      filters,
      progress: { records: 0, total: null },
      createdBy: actor,
      createdAt,
      finishedAt: null,
      error: null,
      recordCount: null,
      archivePath: null,
      archive: null,
    });
  }

  async get(id: string): Promise<ExportJobView> {
    const job = await this.jobs.get(id);
    if (!job) throw auditNotFound('export', id);
    return viewOf(job);
  }

  async list(page: {
    beforeId?: string;
    limit: number;
  }): Promise<{ items: ExportJobView[]; nextCursor: string | null }> {
    const rows = await this.jobs.list({ ...page, limit: page.limit + 1 });
    const items = rows.slice(0, page.limit).map(viewOf);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > page.limit && last ? cursorOf(last.id) : null };
  }

  /** The archive of a finished job, to stream. */
  async archive(
    id: string,
  ): Promise<{ content: Readable; bytes: number; sha256: string; name: string }> {
    const job = await this.jobs.get(id);
    if (!job) throw auditNotFound('export', id);
    if (job.status !== 'done' || !job.archivePath || !job.archive)
      throw exportNotReady(id, job.status);
    // Opened before answering: an archive removed from AUDIT_EXPORT_DIR is a 404, not a cut
    // download.
    const file = await open(job.archivePath, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw auditNotFound('export archive', id);
      throw error;
    });
    return {
      content: file.createReadStream(),
      bytes: job.archive.bytes,
      sha256: job.archive.sha256,
      name: `${ARCHIVE_ROOT}-${id}.tar.gz`,
    };
  }

  private async run(id: string, actor: AuditActor, request: ExportRequest): Promise<void> {
    const { format, ...filters } = request;
    const workDir = join(this.options.dir, id);
    try {
      if (this.stopping) throw new Stopped();
      await mkdir(this.options.dir, { recursive: true });
      let saved = 0;
      const outcome = await runExport(
        {
          store: this.store,
          key: this.keys.signing,
          checkpointNow: () => this.writer.checkpointNow(),
          attachments: this.attachments,
          mailDomain: this.options.mailDomain,
        },
        request,
        join(workDir, ARCHIVE_ROOT),
        {
          total: (total) => this.jobs.start(id, total),
          progress: async (records) => {
            if (this.stopping) throw new Stopped();
            if (Date.now() - saved < PROGRESS_EVERY_MS) return;
            saved = Date.now();
            await this.jobs.progress(id, records);
          },
        },
      );
      const archivePath = join(this.options.dir, `${id}.tar.gz`);
      const archive = await writeArchive(join(workDir, ARCHIVE_ROOT), outcome.paths, archivePath);
      // The archive is what is kept; the directory it was packed from goes.
      await rm(workDir, { recursive: true, force: true });
      const recordCount = outcome.manifest.recordCount;
      // Recorded before the job shows done: whoever sees it done finds it in the trail.
      await this.writer.recordOwn(AUDIT_OWN_TYPES.exportCompleted, actor, {
        jobId: id,
        format,
        filters,
        status: 'done',
        recordCount,
        archive,
        manifestSignature: outcome.manifest.signature,
      });
      await this.jobs.finish(id, this.clock.now(), { recordCount, archivePath, archive });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`export ${id} failed: ${message}`);
      for (const path of [workDir, join(this.options.dir, `${id}.tar.gz`)])
        await rm(path, { recursive: true, force: true }).catch(() => undefined);
      await this.writer
        .recordOwn(AUDIT_OWN_TYPES.exportCompleted, actor, {
          jobId: id,
          format,
          filters,
          status: 'failed',
          error: message,
        })
        .catch(() => undefined);
      await this.jobs.fail(id, this.clock.now(), message).catch(() => undefined);
    }
  }
}

/** The list's cursor: the last job id of a page, opaque to clients (exports.controller). */
export function cursorOf(id: string): string {
  return Buffer.from(`job:${id}`).toString('base64url');
}

function viewOf(job: ExportJobRecord): ExportJobView {
  return {
    id: job.id,
    status: job.status,
    format: job.format,
    filters: job.filters,
    progress: job.progress,
    createdBy: job.createdBy,
    createdAt: new Date(job.createdAt).toISOString(),
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
    error: job.error,
    archive: job.archive,
  };
}
