import type { ExportJob } from './compliance-api';

/** How often a running export is asked about: often enough to see it move, no more. */
export const POLL_MS = 1_000;

/** Whether a job can still change (queued or running); done and failed ones never do. */
export function isActive(job: Pick<ExportJob, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** When the list should be asked again: soon while any job is active, else never. */
export function nextPollIn(jobs: ReadonlyArray<Pick<ExportJob, 'status'>>): number | null {
  return jobs.some(isActive) ? POLL_MS : null;
}

/**
 * A job's progress for a `<progress>` element and its text: records written of the total,
 * the share when the total is known (null = indeterminate: still counting), 100 % when done.
 */
export function progressOf(job: Pick<ExportJob, 'status' | 'progress'>): {
  records: number;
  total: number | null;
  percent: number | null;
} {
  const { records, total } = job.progress;
  if (job.status === 'done') return { records, total: total ?? records, percent: 100 };
  if (total === null || total <= 0) return { records, total, percent: total === 0 ? 0 : null };
  return { records, total, percent: Math.min(100, Math.floor((records / total) * 100)) };
}

/**
 * The downloaded archive's file name: what, which format, when it was asked for (UTC day) and
 * which job — so two downloads never overwrite each other in a Downloads folder.
 */
export function archiveName(job: Pick<ExportJob, 'id' | 'format' | 'createdAt'>): string {
  const day = job.createdAt.slice(0, 10);
  return `tidings-audit-${job.format}-${day}-${job.id.slice(0, 8)}.tar.gz`;
}

/** Bytes as a person reads them (1 decimal place from KB on). */
export function sizeText(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Newest first; a job that changed replaces its old self, new ones join. */
export function mergeJobs(jobs: readonly ExportJob[], changed: readonly ExportJob[]): ExportJob[] {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  for (const job of changed) byId.set(job.id, job);
  return [...byId.values()].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
  );
}
