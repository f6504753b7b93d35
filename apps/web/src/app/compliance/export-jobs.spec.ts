import { describe, expect, it } from 'vitest';
import type { ExportJob } from './compliance-api';
import { archiveName, mergeJobs, nextPollIn, POLL_MS, progressOf, sizeText } from './export-jobs';

function job(id: string, patch: Partial<ExportJob> = {}): ExportJob {
  return {
    id,
    status: 'running',
    format: 'csv',
    filters: { from: null, to: null, users: [], conversations: [], types: [] },
    progress: { records: 0, total: null },
    createdBy: { kind: 'user', id: 'u1' },
    createdAt: '2026-03-01T10:00:00.000Z',
    finishedAt: null,
    error: null,
    archive: null,
    ...patch,
  };
}

describe('export jobs', () => {
  it('polls while any job is queued or running, never once all are settled', () => {
    expect(nextPollIn([job('a', { status: 'done' }), job('b', { status: 'queued' })])).toBe(
      POLL_MS,
    );
    expect(nextPollIn([job('a', { status: 'done' }), job('b', { status: 'failed' })])).toBeNull();
    expect(nextPollIn([])).toBeNull();
  });

  it('shows progress as a share of the total, indeterminate while the total is unknown', () => {
    expect(progressOf(job('a', { progress: { records: 250, total: 1000 } }))).toEqual({
      records: 250,
      total: 1000,
      percent: 25,
    });
    expect(progressOf(job('a', { progress: { records: 7, total: null } })).percent).toBeNull();
    expect(progressOf(job('a', { progress: { records: 0, total: 0 } })).percent).toBe(0);
    expect(
      progressOf(job('a', { status: 'done', progress: { records: 12, total: null } })),
    ).toEqual({ records: 12, total: 12, percent: 100 });
    // A total that was an estimate never shows more than everything.
    expect(progressOf(job('a', { progress: { records: 12, total: 10 } })).percent).toBe(100);
  });

  it('names the archive by format, day and job so downloads never collide', () => {
    expect(archiveName(job('0190f3a2-7b1c-7000-8000-000000000001', { format: 'eml' }))).toBe(
      'tidings-audit-eml-2026-03-01-0190f3a2.tar.gz',
    );
  });

  it('writes sizes as people read them', () => {
    expect(sizeText(512)).toBe('512 B');
    expect(sizeText(2048)).toBe('2.0 KB');
    expect(sizeText(5 * 1024 * 1024 + 1)).toBe('5.0 MB');
  });

  it('merges fresh jobs over old ones, newest first', () => {
    const merged = mergeJobs(
      [job('a', { createdAt: '2026-03-01T09:00:00.000Z' }), job('b')],
      [
        job('a', { createdAt: '2026-03-01T09:00:00.000Z', status: 'done' }),
        job('c', {
          createdAt: '2026-03-01T11:00:00.000Z',
        }),
      ],
    );
    expect(merged.map((j) => `${j.id}:${j.status}`)).toEqual(['c:running', 'b:running', 'a:done']);
  });
});
