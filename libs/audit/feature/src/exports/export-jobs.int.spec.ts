import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SqlExportJobsRepository } from '@tidings/audit/data-access';
import { normalizeFilters } from '@tidings/audit/domain';
import { DomainError } from '@tidings/platform/errors';
import { uuidv7 } from '@tidings/platform/bus';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busEvent, openTrail, type TrailParts } from '../audit.testing';
import { ExportJobs, type ExportJobView } from './export-jobs';
import type { ExportAttachments } from './export-ports';

const officer = { kind: 'user', id: 'u-officer' };

/** Files by id; `f-gone` is referenced but no longer stored. */
const attachments: ExportAttachments = {
  open: async (fileId) =>
    fileId === 'f-1'
      ? { name: 'notes.txt', content: Readable.from([Buffer.from('notes\n')]) }
      : null,
};

/** Export jobs on both databases: the lifecycle, progress, failures, restarts, the records. */
describe.each(databaseFlavours)('export jobs on %s', (flavour) => {
  let db: TestDatabase;
  let trail: TrailParts;
  let repository: SqlExportJobsRepository;
  const jobsIn = (dir: string) =>
    new ExportJobs(
      repository,
      trail.reads,
      attachments,
      { dir, mailDomain: 'example.com' },
      trail.writer,
      trail.keys,
      trail.clock,
    );
  const settled = async (jobs: ExportJobs, id: string): Promise<ExportJobView> => {
    for (const deadline = Date.now() + 20_000; ;) {
      const job = await jobs.get(id);
      if (job.status === 'done' || job.status === 'failed') return job;
      if (Date.now() > deadline) throw new Error(`job ${id} stayed ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    trail = await openTrail(db.url);
    repository = new SqlExportJobsRepository(trail.dataSource);
    const c = 'c-1';
    await trail.consumer.handle(
      busEvent('messaging.file.uploaded', { conversationId: c, fileId: 'f-1', name: 'notes.txt' }),
    );
    for (let i = 0; i < 5; i++)
      await trail.consumer.handle(
        busEvent('messaging.message.sent', {
          conversationId: c,
          messageId: `m-${i}`,
          senderId: 'u-alice',
          senderKind: 'user',
          text: `message ${i}`,
          fileIds: i === 0 ? ['f-1', 'f-gone'] : [],
        }),
      );
  });

  afterAll(async () => {
    await trail.dataSource.destroy();
    await db.drop();
  });

  it('runs a job to done: progress, archive, attachments, missing files, trail records', async () => {
    const exportsDir = mkdtempSync(join(tmpdir(), 'export-jobs-'));
    const jobs = jobsIn(exportsDir);
    const created = await jobs.create(officer, { format: 'jsonl', ...normalizeFilters({}) });
    expect(created).toMatchObject({
      status: 'queued',
      progress: { records: 0, total: null },
      archive: null,
    });
    const done = await settled(jobs, created.id);
    // Six records, and the export's own `audit.export.started` (no `to`: up to the head).
    expect(done).toMatchObject({ status: 'done', error: null, progress: { records: 7, total: 7 } });
    const archive = await jobs.archive(created.id);
    const chunks: Buffer[] = [];
    for await (const chunk of archive.content) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    expect(done.archive).toEqual({
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    const dir = mkdtempSync(join(tmpdir(), 'export-unpacked-'));
    expect(spawnSync('tar', ['-xzf', '-', '-C', dir], { input: bytes }).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'audit-export', 'manifest.json'), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).toEqual([
      'attachments/f-1-notes.txt',
      'records.jsonl',
    ]);
    expect(manifest.missingAttachments).toEqual([
      { fileId: 'f-gone', reason: 'no longer in the file storage' },
    ]);
    const lines = readFileSync(join(dir, 'audit-export', 'records.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      type: 'audit.export.started',
      data: { jobId: created.id },
    });
    const own = await trail.reads.search(
      { types: ['audit.export.started', 'audit.export.completed'] },
      { limit: 10 },
    );
    expect(own.map((r) => [r.type, r.actor, r.data['jobId'], r.data['status']])).toEqual([
      ['audit.export.started', officer, created.id, undefined],
      ['audit.export.completed', officer, created.id, 'done'],
    ]);
    expect(own[1]?.data).toMatchObject({ recordCount: 7, archive: done.archive });
    const list = await jobs.list({ limit: 10 });
    expect(list.items.map((j) => j.id)).toContain(created.id);
    // Only the archive is kept (the directory it was packed from is gone); removed, it is a 404.
    expect(readdirSync(exportsDir)).toEqual([`${created.id}.tar.gz`]);
    rmSync(join(exportsDir, `${created.id}.tar.gz`));
    await expect(jobs.archive(created.id)).rejects.toMatchObject({ code: 'audit.not_found' });
  });

  it('fails a job whose directory cannot be made, says why, and offers no archive', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'export-jobs-')), 'not-a-dir');
    writeFileSync(file, 'x');
    const jobs = jobsIn(join(file, 'exports'));
    const created = await jobs.create(officer, { format: 'csv', ...normalizeFilters({}) });
    const failed = await settled(jobs, created.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/ENOTDIR|not a directory/);
    const error = await jobs.archive(created.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'audit.export.not_ready', kind: 'conflict' });
    const [completed] = await trail.reads.search(
      { types: ['audit.export.completed'] },
      { limit: 1, order: 'desc' },
    );
    expect(completed?.data).toMatchObject({
      jobId: created.id,
      status: 'failed',
      error: failed.error,
    });
  });

  it('marks jobs a stopped process left queued or running as failed when it starts', async () => {
    const id = uuidv7();
    await repository.insert({
      id,
      format: 'csv',
      filters: normalizeFilters({}),
      createdBy: officer,
      createdAt: 1,
    });
    await repository.start(id, 10);
    await jobsIn(mkdtempSync(join(tmpdir(), 'export-jobs-'))).onApplicationBootstrap();
    expect(await repository.get(id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/stopped/),
    });
  });

  it('answers not found for an unknown job', async () => {
    const jobs = jobsIn(tmpdir());
    await expect(jobs.get(uuidv7())).rejects.toMatchObject({ code: 'audit.not_found' });
  });
});
