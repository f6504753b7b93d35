import { randomUUID } from 'node:crypto';
import { EntitySchema, type DataSource, type EntityManager } from 'typeorm';

export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'refused';
export type SyncMode = 'full' | 'delta';

/** The report of one sync run, kept so an operator can see what happened and why. */
export interface SyncRun {
  id: string;
  status: SyncRunStatus;
  dryRun: boolean;
  /** full: every entry read and compared; delta: only entries changed since the last run. */
  mode: SyncMode;
  trigger: 'schedule' | 'manual' | 'cli';
  startedAt: number;
  finishedAt: number | null;
  counts: Record<string, number>;
  errors: Array<{ dn: string; message: string }>;
  reason: string | null;
}

interface SyncRunRow {
  id: string;
  status: string;
  dryRun: boolean;
  mode: string;
  trigger: string;
  startedMs: string | number;
  finishedMs: string | number | null;
  counts: string;
  errors: string;
  reason: string | null;
}

export const SyncRunEntity = new EntitySchema<SyncRunRow>({
  name: 'DirectorySyncRun',
  tableName: 'directory_sync_runs',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    status: { type: 'varchar', length: 16 },
    dryRun: { name: 'dry_run', type: 'boolean' },
    mode: { type: 'varchar', length: 8 },
    trigger: { type: 'varchar', length: 16 },
    startedMs: { name: 'started_ms', type: 'bigint' },
    finishedMs: { name: 'finished_ms', type: 'bigint', nullable: true },
    counts: { type: 'text' },
    errors: { type: 'text' },
    reason: { type: 'text', nullable: true },
  },
});

function toRun(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    status: row.status as SyncRunStatus,
    dryRun: Boolean(row.dryRun),
    mode: row.mode === 'delta' ? 'delta' : 'full',
    trigger: row.trigger as SyncRun['trigger'],
    startedAt: Number(row.startedMs),
    finishedAt: row.finishedMs === null ? null : Number(row.finishedMs),
    counts: JSON.parse(row.counts) as Record<string, number>,
    errors: JSON.parse(row.errors) as SyncRun['errors'],
    reason: row.reason,
  };
}

export class TypeOrmSyncRunRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get repo() {
    return ('manager' in this.db ? this.db.manager : this.db).getRepository(SyncRunEntity);
  }

  async start(trigger: SyncRun['trigger'], dryRun: boolean, mode: SyncMode): Promise<SyncRun> {
    const row: SyncRunRow = {
      id: randomUUID(),
      status: 'running',
      dryRun,
      mode,
      trigger,
      startedMs: Date.now(),
      finishedMs: null,
      counts: '{}',
      errors: '[]',
      reason: null,
    };
    await this.repo.insert(row);
    return toRun(row);
  }

  async finish(
    id: string,
    outcome: Pick<SyncRun, 'status' | 'counts' | 'errors' | 'reason'>,
  ): Promise<SyncRun> {
    await this.repo.update(
      { id },
      {
        status: outcome.status,
        finishedMs: Date.now(),
        counts: JSON.stringify(outcome.counts),
        errors: JSON.stringify(outcome.errors.slice(0, 1000)),
        reason: outcome.reason,
      },
    );
    const row = await this.repo.findOneBy({ id });
    if (!row) throw new Error(`sync run ${id} vanished`);
    return toRun(row);
  }

  /**
   * Runs still marked running whose process is gone (it held the sync lease, which has since
   * expired or been released): they end as failed, so nothing looks stuck forever.
   */
  async failAbandoned(reason: string): Promise<number> {
    const result = await this.repo.update(
      { status: 'running' },
      { status: 'failed', finishedMs: Date.now(), reason },
    );
    return result.affected ?? 0;
  }

  async findById(id: string): Promise<SyncRun | undefined> {
    const row = await this.repo.findOneBy({ id });
    return row ? toRun(row) : undefined;
  }

  async latest(limit = 20): Promise<SyncRun[]> {
    return (await this.repo.find({ order: { startedMs: 'DESC' }, take: limit })).map(toRun);
  }
}
