import { Logger } from '@nestjs/common';
import type { EventContract } from '@tidings/contracts';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import { afterEach, describe, expect, it } from 'vitest';
import { BusPresenceReports } from './presence-reports';

const ann = { userId: 'kc-ann', username: 'ann' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An outbox that records what committed, in commit order; `delayOf` slows chosen commits down
 * and `failures` makes the next n commits fail (the database refusing).
 */
function outbox(options: { delayOf?: (type: string) => number } = {}) {
  const committed: Array<{ type: string; key: string; data: Record<string, unknown> }> = [];
  let failures = 0;
  const runner: TransactionRunner = {
    async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      const pending: typeof committed = [];
      const tx = {
        publish: (contract: EventContract, event: { key: string; data: unknown }) => {
          pending.push({
            type: contract.type,
            key: event.key,
            data: event.data as Record<string, unknown>,
          });
        },
      } as unknown as Tx;
      const result = await work(tx);
      await sleep(Math.max(0, ...pending.map((p) => options.delayOf?.(p.type) ?? 0)));
      if (failures > 0) {
        failures--;
        throw new Error('database down');
      }
      committed.push(...pending);
      return result;
    },
  };
  return { runner, committed, failNext: (n: number) => (failures = n) };
}

const noAnswers = { subscribe: async () => ({}) };

describe('BusPresenceReports', () => {
  Logger.overrideLogger(false); // failures below are logged on purpose
  const started: BusPresenceReports[] = [];
  const start = (reports: BusPresenceReports) => {
    started.push(reports);
    reports.onApplicationBootstrap();
    return reports;
  };
  afterEach(async () => {
    for (const r of started.splice(0)) await r.beforeApplicationShutdown();
  });

  it('announces its lease before any socket, and keys every report by the process', async () => {
    const { runner, committed } = outbox({ delayOf: (t) => (t.endsWith('heartbeat') ? 30 : 0) });
    const reports = start(
      new BusPresenceReports(runner, noAnswers, { processId: 'gw-1', leaseMs: 60_000 }),
    );
    await reports.connected(ann, 'c1');
    expect(committed.map((c) => c.type)).toEqual([
      'gateway.process.heartbeat',
      'gateway.connection.opened',
    ]);
    expect(committed.every((c) => c.key === 'gw-1')).toBe(true);
    expect(committed[0]?.data).toEqual({ processId: 'gw-1', leaseMs: 60_000 });
    expect(committed[1]?.data).toEqual({
      processId: 'gw-1',
      connectionId: 'c1',
      userId: 'kc-ann',
      username: 'ann',
    });
  });

  it('commits a socket’s close after its open, however slow the open', async () => {
    const { runner, committed } = outbox({ delayOf: (t) => (t.endsWith('opened') ? 40 : 0) });
    const reports = start(
      new BusPresenceReports(runner, noAnswers, { processId: 'gw-1', leaseMs: 60_000 }),
    );
    const opened = reports.connected(ann, 'c1');
    const idle = reports.activity(ann, 'c1', 'idle');
    const closed = reports.disconnected(ann, 'c1');
    await Promise.all([opened, idle, closed]);
    expect(committed.slice(1).map((c) => c.type)).toEqual([
      'gateway.connection.opened',
      'gateway.connection.activity',
      'gateway.connection.closed',
    ]);
    expect(committed[2]?.data['state']).toBe('idle');
  });

  it('retries a report the database refused until it commits', async () => {
    const { runner, committed, failNext } = outbox();
    const reports = start(
      new BusPresenceReports(runner, noAnswers, { processId: 'gw-1', leaseMs: 60_000, retryMs: 5 }),
    );
    await reports.beat();
    failNext(2);
    await reports.connected(ann, 'c1');
    expect(committed.filter((c) => c.type === 'gateway.connection.opened')).toHaveLength(1);
  });

  it('re-reports its open sockets once heartbeats stalled for a whole lease', async () => {
    let now = 0;
    const { runner, committed, failNext } = outbox();
    const reports = new BusPresenceReports(
      runner,
      noAnswers,
      { processId: 'gw-1', leaseMs: 1_000 },
      () => now,
    );
    await reports.beat();
    await reports.connected(ann, 'c1');
    await reports.connected({ userId: 'kc-bob', username: 'bob' }, 'c2');
    await reports.activity(ann, 'c1', 'idle');
    await reports.disconnected({ userId: 'kc-bob', username: 'bob' }, 'c2');
    committed.length = 0;

    // Within the lease: a heartbeat only.
    now = 600;
    await reports.beat();
    expect(committed.map((c) => c.type)).toEqual(['gateway.process.heartbeat']);

    // The database refuses heartbeats for longer than a lease; presence may have swept us.
    committed.length = 0;
    failNext(1);
    now = 1_300;
    await reports.beat();
    now = 1_700;
    await reports.beat();
    await reports.beforeApplicationShutdown();
    expect(committed.map((c) => [c.type, c.data['connectionId'], c.data['state']])).toEqual([
      ['gateway.process.heartbeat', undefined, undefined],
      ['gateway.connection.opened', 'c1', undefined],
      ['gateway.connection.activity', 'c1', 'idle'],
    ]);
  });

  it('answers presence.subscribe through presence', async () => {
    const { runner } = outbox();
    const asked: unknown[] = [];
    const reports = new BusPresenceReports(
      runner,
      {
        subscribe: async (...args) => {
          asked.push(args);
          return { users: [] };
        },
      },
      { processId: 'gw-1', leaseMs: 60_000 },
    );
    expect(await reports.subscribe(ann, 'c1', ['bob'], 5_000)).toEqual({ users: [] });
    expect(asked).toEqual([[ann, 'c1', ['bob'], 5_000]]);
  });
});
