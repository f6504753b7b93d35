import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestPostgresDatabase, type TestDatabase } from '@tidings/platform/testing';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemChanged, TEST_SERVICE, uniqueTopic } from '../bus-harness.testing';
import { PlatformCreateBusTables1764100000000, outboxMigration } from '../migrations';
import type { Queryable } from '../sql';
import type { OutgoingRecord, Transport } from '../transport';
import { MemoryTransport } from '../transports/memory.transport';
import { outboxTable } from './outbox';
import { outboxLockKey, RELAY_LOCK_NAMESPACE } from './outbox-lock';
import { OutboxRelay } from './relay';
import { OutboxTransactionRunner } from './transaction-runner';

/** A log outside the database, as Kafka is: the relay publishes, then marks in its own tx. */
class ElsewhereTransport implements Transport {
  readonly kind = 'kafka' as const;
  constructor(private readonly log: OutgoingRecord[]) {}
  async ensureTopics(): Promise<void> {
    // topics are implicit
  }
  async publish(records: OutgoingRecord[]): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve)); // let the other replica run meanwhile
    this.log.push(...records);
  }
  consume(): never {
    throw new Error('not used');
  }
  async health(): Promise<Record<string, unknown>> {
    return {};
  }
  async close(): Promise<void> {
    // nothing held
  }
}

/** The memory transport, whose publishWithin waits at a gate once it has been entered. */
class GatedTransport extends MemoryTransport {
  entered!: Promise<void>;
  private enter!: () => void;
  private readonly gate: Promise<void>;
  open!: () => void;
  constructor(dataSource: DataSource) {
    super(dataSource, { partitions: 3 });
    this.entered = new Promise((resolve) => (this.enter = resolve));
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  override async publishWithin(
    dataSource: object,
    records: OutgoingRecord[],
    alsoInTransaction: (db: Queryable) => Promise<void>,
  ): Promise<boolean> {
    this.enter();
    await this.gate;
    return super.publishWithin(dataSource, records, alsoInTransaction);
  }
}

/** Polls until `check` answers true; fails naming `what` after `timeoutMs`. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Each key's `seq`s in the order published; every event id once overall, or it throws. */
function perKey(values: Array<{ key: string; value: string }>): Map<string, number[]> {
  const ids = new Set<string>();
  const byKey = new Map<string, number[]>();
  for (const { key, value } of values) {
    const envelope = JSON.parse(value) as { id: string; data: { seq: number } };
    if (ids.has(envelope.id)) throw new Error(`event ${envelope.id} published twice`);
    ids.add(envelope.id);
    byKey.set(key, [...(byKey.get(key) ?? []), envelope.data.seq]);
  }
  return byKey;
}

const KEYS = 8;
const PER_KEY = 40;
const inOrder = Array.from({ length: PER_KEY }, (_, i) => i + 1);

/**
 * Two processes (two DataSources, two relays) over one PostgreSQL outbox, as two replicas of
 * a service run in the distributed deployment.
 */
describe('outbox relay replicas on PostgreSQL', () => {
  let db: TestDatabase;
  const sources: DataSource[] = [];

  const open = async () => {
    const { dataSource } = await openDatabase({
      url: db.url,
      entities: platformPersistence.entities,
      migrations: [
        ...platformPersistence.migrations,
        PlatformCreateBusTables1764100000000,
        outboxMigration(TEST_SERVICE, 1764100000001),
      ],
    });
    sources.push(dataSource);
    return dataSource;
  };
  const unpublished = async (ds: DataSource) => {
    const [row] = await ds.query(
      `SELECT COUNT(*) AS n FROM ${outboxTable(TEST_SERVICE)} WHERE published_ms IS NULL`,
    );
    return Number(row.n);
  };
  const logged = async (ds: DataSource, topic: string) =>
    (
      await ds.query(
        'SELECT record_key AS key, record_value AS value FROM platform_bus_log WHERE topic = $1 ORDER BY id',
        [topic],
      )
    ).map((r: { key: string; value: string }) => r);

  beforeAll(async () => {
    db = await createTestPostgresDatabase();
    await open();
    await open();
  });

  afterAll(async () => {
    await Promise.all(sources.map((s) => (s.isInitialized ? s.destroy() : undefined)));
    await db?.drop();
  });

  /** KEYS writers at once, each key's events one after another, alternating processes. */
  const writeConcurrently = (topic: string, runners: OutboxTransactionRunner[]) => {
    const contract = itemChanged(topic);
    return Promise.all(
      Array.from({ length: KEYS }, async (_, k) => {
        for (let seq = 1; seq <= PER_KEY; seq++) {
          await runners[(k + seq) % runners.length].run(async (tx) => {
            tx.publish(contract, {
              key: `k${k}`,
              actor: { kind: 'system', id: 't' },
              data: { seq },
            });
          });
        }
      }),
    );
  };

  it.each(['memory (log in this database)', 'elsewhere (as Kafka)'])(
    'two relays, rows written concurrently: each published once, in order per key — %s',
    async (flavour) => {
      const [a, b] = sources;
      const topic = uniqueTopic('replica');
      const elsewhere: OutgoingRecord[] = [];
      // With the lock no pass ever fails; without it, the memory log's mark guard would.
      const errors: unknown[] = [];
      const relays = [a, b].map(
        (ds) =>
          new OutboxRelay(
            ds,
            flavour.startsWith('memory')
              ? new MemoryTransport(ds, { partitions: 3 })
              : new ElsewhereTransport(elsewhere),
            {
              services: [TEST_SERVICE],
              batchSize: 7,
              idleMs: 20,
              lingerMs: 0,
              onError: (e) => errors.push(e),
            },
          ),
      );
      const runners = relays.map(
        (relay, i) =>
          new OutboxTransactionRunner([a, b][i], TEST_SERVICE, () => relay.notify(TEST_SERVICE)),
      );
      relays.forEach((r) => r.start());
      try {
        await writeConcurrently(topic, runners);
        await until(async () => (await unpublished(a)) === 0, 'the outbox to drain');
      } finally {
        await Promise.all(relays.map((r) => r.stop()));
      }

      // Both relays have stopped: nothing more can be published.
      expect(errors).toEqual([]);
      const published = flavour.startsWith('memory')
        ? await logged(a, topic)
        : elsewhere.map((r) => ({ key: r.key, value: r.value }));
      expect(published).toHaveLength(KEYS * PER_KEY);
      const byKey = perKey(published);
      expect(byKey.size).toBe(KEYS);
      for (const [key, seqs] of byKey) expect(seqs, key).toEqual(inOrder);
    },
  );

  it('a relay whose connection drops mid-pass: the other takes over, nothing lost or doubled', async () => {
    const [a, b] = sources;
    const topic = uniqueTopic('takeover');
    const contract = itemChanged(topic);
    const writer = new OutboxTransactionRunner(a, TEST_SERVICE);
    for (let seq = 1; seq <= 20; seq++) {
      await writer.run(async (tx) => {
        tx.publish(contract, { key: 'k', actor: { kind: 'system', id: 't' }, data: { seq } });
      });
    }
    const gated = new GatedTransport(a);
    const relayA = new OutboxRelay(a, gated, { services: [TEST_SERVICE], batchSize: 100 });
    const relayB = new OutboxRelay(b, new MemoryTransport(b, { partitions: 3 }), {
      services: [TEST_SERVICE],
      batchSize: 100,
    });

    // A holds the outbox's lock, with its batch read and not yet published.
    const passA = relayA.drainOnce();
    await gated.entered;
    expect(await relayB.drainOnce()).toBe(0); // B skips the locked outbox
    expect(await unpublished(b)).toBe(20);

    // A's connection drops (as when its process is killed): the server releases the lock.
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        `SELECT pid, classid::bigint AS ns, objid::bigint AS key FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND database =
           (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(rows).toHaveLength(1);
      expect(Number(rows[0].ns)).toBe(RELAY_LOCK_NAMESPACE);
      expect(Number(rows[0].key)).toBe(outboxLockKey(outboxTable(TEST_SERVICE)) >>> 0);
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    } finally {
      await admin.end();
    }

    let byB = 0;
    await until(async () => {
      byB += await relayB.drainOnce();
      return byB === 20;
    }, 'B to take the outbox over');

    // A, not knowing it lost the lock, now appends its batch: its mark finds every row
    // already published, and its append rolls back with it.
    gated.open();
    await expect(passA).rejects.toThrow(/published by another relay/);
    const published = await logged(a, topic);
    expect(published).toHaveLength(20);
    expect(perKey(published).get('k')).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await unpublished(a)).toBe(0);
    // A's pool replaced the dropped connection: its next pass works and finds nothing to do.
    expect(await relayA.drainOnce()).toBe(0);
  });
});
