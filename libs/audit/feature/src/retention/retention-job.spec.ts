import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditWriter } from '../writer/audit-writer';
import { RetentionClock, type ContentPurgePort } from './ports';
import { RETENTION_JOB_ACTOR, RetentionJob } from './retention-job';

/** The job's timer, on fake timers: every interval a run as the system, never at 0. */
describe('retention job timer', () => {
  const purge: ContentPurgePort = { purgeContent: async () => 0 };
  const job = (intervalMinutes: number) =>
    new RetentionJob(
      {} as DataSource,
      purge,
      { intervalMinutes },
      {} as AuditWriter,
      new RetentionClock(),
    );

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs every RETENTION_INTERVAL_MINUTES, as the system', async () => {
    const j = job(60);
    const run = vi.spyOn(j, 'run').mockResolvedValue(0);
    j.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(59 * 60_000);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(1);
    expect(run).toHaveBeenCalledWith(RETENTION_JOB_ACTOR);
    await vi.advanceTimersByTimeAsync(120 * 60_000);
    expect(run).toHaveBeenCalledTimes(3);
    await j.onApplicationShutdown();
    await vi.advanceTimersByTimeAsync(240 * 60_000);
    expect(run).toHaveBeenCalledTimes(3);
  });

  it('never runs on its own at 0', async () => {
    const j = job(0);
    const run = vi.spyOn(j, 'run').mockResolvedValue(0);
    j.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(10 * 24 * 60 * 60_000);
    expect(run).not.toHaveBeenCalled();
  });
});
