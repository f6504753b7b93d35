import { spawn } from 'node:child_process';
import {
  createTestDatabase,
  type DatabaseFlavour,
  type TestDatabase,
} from '@tidings/platform/testing';
import pg from 'pg';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaBrokers, uniqueTopic } from '../bus-harness.testing';

/** Bundled from crash-child.ts by the integration global setup. */
const CHILD = 'tmp/test-bin/crash-child.mjs';
const TOTAL = 5000;

/** Runs the child; with `killAt`, SIGKILLs it the moment it reports that many commits. */
function runChild(
  args: string[],
  killAt?: number,
): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
      if (killAt !== undefined && output.includes(`committed ${killAt}\n`)) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

async function queryAll(
  flavour: DatabaseFlavour,
  url: string,
  sql: string,
): Promise<Array<Record<string, unknown>>> {
  if (flavour === 'sqlite') {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      return db.prepare(sql).all() as Array<Record<string, unknown>>;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe.each([
  ['sqlite', 'memory'],
  ['postgres', 'kafka'],
] as const)('outbox crash safety on %s + %s', (flavour, transport) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(flavour);
  });
  afterAll(async () => db?.drop());

  it(`SIGKILL mid-stream, restart: each of ${TOTAL} committed changes is observed exactly once`, async () => {
    const topic = uniqueTopic('crash');
    const args = [
      db.url,
      transport === 'memory' ? '-' : kafkaBrokers().join(','),
      topic,
      String(TOTAL),
    ];

    // Kill at a random moment while changes are being committed, relayed and consumed.
    const killAt = 100 * (5 + Math.floor(Math.random() * 36)); // 500 … 4000
    const first = await runChild(args, killAt);
    expect(first.signal, first.output).toBe('SIGKILL');
    const [{ n: committedAtKill }] = await queryAll(
      flavour,
      db.url,
      'SELECT COUNT(*) AS n FROM crashtest_items',
    );
    expect(Number(committedAtKill), 'killed before it finished').toBeLessThan(TOTAL);

    const second = await runChild(args);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain('all observed');

    const items = await queryAll(flavour, db.url, 'SELECT COUNT(*) AS n FROM crashtest_items');
    expect(Number(items[0]!.n)).toBe(TOTAL);
    const perItem = await queryAll(
      flavour,
      db.url,
      'SELECT item_id, COUNT(*) AS n FROM crashtest_observed GROUP BY item_id HAVING COUNT(*) <> 1',
    );
    expect(perItem).toEqual([]); // no item observed twice
    const observed = await queryAll(
      flavour,
      db.url,
      'SELECT COUNT(DISTINCT item_id) AS n FROM crashtest_observed',
    );
    expect(Number(observed[0]!.n)).toBe(TOTAL); // none missing
    const orphans = await queryAll(
      flavour,
      db.url,
      'SELECT COUNT(*) AS n FROM crashtest_observed o LEFT JOIN crashtest_items i ON i.id = o.item_id WHERE i.id IS NULL',
    );
    expect(Number(orphans[0]!.n)).toBe(0); // no event for a change that did not commit
    // Two child processes, 5,000 transactions and (Kafka) a consumer-group rejoin after the
    // kill: tens of seconds on a busy 2-core machine. A hang guard, not a speed target.
  }, 150_000);
});
