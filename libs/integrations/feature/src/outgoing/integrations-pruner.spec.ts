import type { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_OPTIONS, IntegrationsPruner } from './integrations-pruner';
import { DeliveryClock, ManualClock } from './ports';

const DAY = 86_400_000;

/**
 * A database that answers the pruning statements only, recording each cut: how a run walks
 * its batches and what it leaves alone. (The statements themselves run against both real
 * databases in deliveries.repository.int.spec.ts and integrations-retention.int.spec.ts.)
 */
function pruningDatabase(batches: { deliveries?: number[]; requests?: number[] }) {
  const cuts: Array<{ table: string; before: unknown; limit: unknown }> = [];
  let hold: Promise<void> | undefined;
  const query = async (sql: string, params: unknown[] = []) => {
    await hold;
    const table = /DELETE FROM (\w+)/.exec(sql)?.[1];
    if (table === 'integrations_delivery_attempts') return [];
    const left = table === 'integrations_deliveries' ? batches.deliveries : batches.requests;
    cuts.push({ table: table ?? sql, before: params[0], limit: params[1] });
    return Array.from({ length: left?.shift() ?? 0 }, (_, i) => ({ id: `row-${i}` }));
  };
  const tx = { connection: { options: { type: 'better-sqlite3' } }, query };
  const dataSource = {
    options: { type: 'better-sqlite3' },
    manager: { transaction: (work: (m: typeof tx) => unknown) => work(tx) },
    query,
  } as unknown as DataSource;
  return {
    dataSource,
    cuts,
    /** Holds every statement until the returned function is called. */
    holdAll: () => {
      let release = () => undefined as void;
      hold = new Promise<void>((resolve) => (release = resolve));
      return () => {
        hold = undefined;
        release();
      };
    },
  };
}

const now = 100 * DAY;
const pruner = (db: DataSource, options: Partial<typeof DEFAULT_RETENTION_OPTIONS> = {}) =>
  new IntegrationsPruner(db, new DeliveryClock(new ManualClock(now)), {
    ...DEFAULT_RETENTION_OPTIONS,
    pruneIntervalMs: 0,
    ...options,
  });

describe('IntegrationsPruner', () => {
  it('cuts by each retention from the delivery clock’s now, batch after batch', async () => {
    const db = pruningDatabase({ deliveries: [500, 500, 3], requests: [2] });
    expect(await pruner(db.dataSource).prune()).toEqual({ deliveries: 1003, requests: 2 });
    expect(db.cuts).toEqual([
      { table: 'integrations_deliveries', before: now - 30 * DAY, limit: 500 },
      { table: 'integrations_deliveries', before: now - 30 * DAY, limit: 500 },
      { table: 'integrations_deliveries', before: now - 30 * DAY, limit: 500 },
      { table: 'integrations_webhook_messages', before: now - 7 * DAY, limit: 500 },
    ]);
  });

  it('keeps what a retention of 0 days keeps', async () => {
    const db = pruningDatabase({ deliveries: [5], requests: [5] });
    const keepDeliveries = pruner(db.dataSource, { deliveryRetentionDays: 0 });
    expect(await keepDeliveries.prune()).toEqual({ deliveries: 0, requests: 5 });
    expect(db.cuts.map((c) => c.table)).toEqual(['integrations_webhook_messages']);
    const keepRequests = pruner(db.dataSource, { idempotencyRetentionDays: 0 });
    expect(await keepRequests.prune()).toEqual({ deliveries: 5, requests: 0 });
  });

  it('runs one pruning at a time: a second waits for the first', async () => {
    const db = pruningDatabase({ deliveries: [1, 1], requests: [0, 0] });
    const release = db.holdAll();
    const subject = pruner(db.dataSource);
    const first = subject.prune();
    const second = subject.prune(now + DAY);
    release();
    expect(await first).toEqual({ deliveries: 1, requests: 0 });
    expect(await second).toEqual({ deliveries: 1, requests: 0 });
    // Run after run, not interleaved (both were held on their first statement otherwise).
    expect(db.cuts.map((c) => c.before)).toEqual([
      now - 30 * DAY,
      now - 7 * DAY,
      now + DAY - 30 * DAY,
      now + DAY - 7 * DAY,
    ]);
  });

  it('stops between batches when the process shuts down', async () => {
    const db = pruningDatabase({ deliveries: [500, 500, 500, 500], requests: [0] });
    const subject = pruner(db.dataSource);
    const release = db.holdAll();
    const run = subject.prune();
    const stopping = subject.beforeApplicationShutdown();
    release();
    await stopping;
    expect((await run).deliveries).toBe(500); // the batch under way, then no more
  });
});
