// `npm run bench -- bus`: throughput and latency of the event bus, end to end — a commit in an
// actions transaction → outbox → relay → transport → consumer handler — on both transports:
//   memory (log in SQLite, the embedded default) and Kafka (outbox in PostgreSQL, real broker).
// Prints events/s at full speed, and p50/p99 commit→handle latency at a fixed 5,000 events/s.
// Kafka is started with scripts/services/kafka.sh unless KAFKA_BROKERS is set.
import { execFileSync } from 'node:child_process';
import { defineEvent } from '@tidings/contracts';
import {
  BusStack,
  KafkaTransport,
  MemoryTransport,
  PlatformCreateBusTables1764100000000,
  outboxMigration,
  type Transport,
} from '@tidings/platform/bus';
import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestPostgresDatabase, createTestSqliteDatabase } from '@tidings/platform/testing';
import { z } from 'zod';

const THROUGHPUT_EVENTS = Number(process.env['BENCH_EVENTS'] ?? 50_000);
const LATENCY_RATE = 5_000; // events per second
const LATENCY_SECONDS = Number(process.env['BENCH_LATENCY_SECONDS'] ?? 5);
const EVENTS_PER_TX = 100;
const KEYS = 64;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function setup(kind: 'memory' | 'kafka', brokers: string[]) {
  const db =
    kind === 'memory'
      ? createTestSqliteDatabase()
      : await createTestPostgresDatabase('tidings_bench');
  const { dataSource } = await openDatabase({
    url: db.url,
    entities: platformPersistence.entities,
    migrations: [
      ...platformPersistence.migrations,
      PlatformCreateBusTables1764100000000,
      outboxMigration('bench', 1764100000001),
    ],
  });
  const transport: Transport =
    kind === 'memory'
      ? new MemoryTransport(dataSource, { partitions: 6 })
      : new KafkaTransport({ brokers, clientId: 'tidings-bench', partitions: 6 });
  const stack = new BusStack({
    dataSource,
    transport,
    services: ['bench'],
    relay: { idleMs: 5, batchSize: 1000 },
  });
  stack.start();
  return {
    runner: stack.runnerFor('bench'),
    bus: stack.bus,
    transport,
    async close() {
      await stack.stop();
      await dataSource.destroy();
      await db.drop();
    },
  };
}

function contract(topic: string) {
  return defineEvent({
    type: `${topic}.tick.happened`,
    version: 1,
    topic,
    description: 'benchmark event',
    schema: z.object({ n: z.number().int(), sentAt: z.number() }),
  });
}

/** Records straight into the transport (no outbox): what the transport itself sustains. */
async function measureTransport(env: Awaited<ReturnType<typeof setup>>, suffix: string) {
  const topic = `benchraw${suffix}`;
  const value = (n: number, sentAt: number) =>
    JSON.stringify({ id: String(n), key: `k${n % KEYS}`, data: { n, sentAt } });
  let handled = 0;
  let allHandled!: () => void;
  const done = new Promise<void>((r) => (allHandled = r));
  await env.bus.subscribe(`bench-raw-${suffix}`, [topic], async () => {
    if (++handled === THROUGHPUT_EVENTS) allHandled();
  });
  const started = performance.now();
  for (let i = 0; i < THROUGHPUT_EVENTS; i += 1000) {
    const batch = [];
    for (let n = i; n < Math.min(THROUGHPUT_EVENTS, i + 1000); n++)
      batch.push({ topic, key: `k${n % KEYS}`, value: value(n, 0) });
    await env.transport.publish(batch);
  }
  await done;
  const throughput = Math.round(THROUGHPUT_EVENTS / ((performance.now() - started) / 1000));

  const latTopic = `benchrawlat${suffix}`;
  const latencies: number[] = [];
  const expected = LATENCY_RATE * LATENCY_SECONDS;
  let latDone!: () => void;
  const finished = new Promise<void>((r) => (latDone = r));
  await env.bus.subscribe(`bench-rawlat-${suffix}`, [latTopic], async (event) => {
    latencies.push(
      performance.timeOrigin + performance.now() - (event.data as { sentAt: number }).sentAt,
    );
    if (latencies.length === expected) latDone();
  });
  const perTick = LATENCY_RATE / 100;
  const t0 = performance.now();
  for (let tick = 0, n = 0; n < expected; tick++) {
    const wait = t0 + tick * 10 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sentAt = performance.timeOrigin + performance.now();
    const batch = [];
    for (let j = 0; j < perTick && n < expected; j++, n++)
      batch.push({ topic: latTopic, key: `k${n % KEYS}`, value: value(n, sentAt) });
    await env.transport.publish(batch);
  }
  await finished;
  latencies.sort((a, b) => a - b);
  return { throughput, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function measure(kind: 'memory' | 'kafka', brokers: string[]) {
  const env = await setup(kind, brokers);
  const suffix = Math.random()
    .toString(36)
    .replace(/[^a-z]/g, '')
    .slice(0, 8);
  try {
    // Throughput: commit as fast as possible, count until the consumer has handled all.
    const tput = contract(`benchtput${suffix}`);
    let handled = 0;
    let allHandled!: () => void;
    const done = new Promise<void>((r) => (allHandled = r));
    await env.bus.subscribe(`bench-tput-${suffix}`, [tput.topic], async () => {
      if (++handled === THROUGHPUT_EVENTS) allHandled();
    });
    const started = performance.now();
    for (let i = 0; i < THROUGHPUT_EVENTS; i += EVENTS_PER_TX) {
      await env.runner.run(async (tx) => {
        for (let j = i; j < Math.min(THROUGHPUT_EVENTS, i + EVENTS_PER_TX); j++) {
          tx.publish(tput, {
            key: `k${j % KEYS}`,
            actor: { kind: 'system', id: 'bench' },
            data: { n: j, sentAt: 0 },
          });
        }
      });
    }
    const committedMs = performance.now() - started;
    await done;
    const totalMs = performance.now() - started;

    // Latency: a steady 5,000 events/s in 10 ms ticks; commit→handle time of each event.
    const lat = contract(`benchlat${suffix}`);
    const latencies: number[] = [];
    const expected = LATENCY_RATE * LATENCY_SECONDS;
    let latDone!: () => void;
    const latFinished = new Promise<void>((r) => (latDone = r));
    await env.bus.subscribe(`bench-lat-${suffix}`, [lat.topic], async (event) => {
      latencies.push(
        performance.timeOrigin + performance.now() - (event.data as { sentAt: number }).sentAt,
      );
      if (latencies.length === expected) latDone();
    });
    const perTick = LATENCY_RATE / 100;
    const t0 = performance.now();
    for (let tick = 0, n = 0; n < expected; tick++) {
      const due = t0 + tick * 10;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const sentAt = performance.timeOrigin + performance.now();
      await env.runner.run(async (tx) => {
        for (let j = 0; j < perTick && n < expected; j++, n++) {
          tx.publish(lat, {
            key: `k${n % KEYS}`,
            actor: { kind: 'system', id: 'bench' },
            data: { n, sentAt },
          });
        }
      });
    }
    await latFinished;
    latencies.sort((a, b) => a - b);
    const raw = await measureTransport(env, suffix);
    const name = kind === 'memory' ? 'memory (log in SQLite)' : 'kafka (outbox in PostgreSQL)';
    return [
      {
        transport: name,
        path: 'transport publish → handler',
        'events/s': raw.throughput,
        'p50 ms @5k/s': Number(raw.p50.toFixed(2)),
        'p99 ms @5k/s': Number(raw.p99.toFixed(2)),
      },
      {
        transport: name,
        path: 'commit → outbox → relay → handler',
        'events/s': Math.round(THROUGHPUT_EVENTS / (totalMs / 1000)),
        'p50 ms @5k/s': Number(percentile(latencies, 50).toFixed(2)),
        'p99 ms @5k/s': Number(percentile(latencies, 99).toFixed(2)),
        'commit-only events/s': Math.round(THROUGHPUT_EVENTS / (committedMs / 1000)),
      },
    ];
  } finally {
    await env.close();
  }
}

let brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
let startedKafka = false;
if (brokers.length === 0) {
  const out = execFileSync('scripts/services/kafka.sh', ['start'], { encoding: 'utf8' });
  brokers = [/KAFKA_BROKERS=(\S+)/.exec(out)?.[1] ?? '127.0.0.1:19092'];
  startedKafka = true;
}
const rows = [];
try {
  rows.push(...(await measure('memory', brokers)));
  rows.push(...(await measure('kafka', brokers)));
} finally {
  if (startedKafka && process.env['TIDINGS_KEEP_KAFKA'] !== '1')
    execFileSync('scripts/services/kafka.sh', ['stop']);
}
console.log(
  `\nbus benchmark (${THROUGHPUT_EVENTS} events, ${EVENTS_PER_TX} per transaction, ${KEYS} keys; latency at ${LATENCY_RATE}/s for ${LATENCY_SECONDS} s)`,
);
console.table(rows);
console.log(
  'targets on 2 cores: memory ≥ 50,000 events/s; Kafka ≥ 20,000 events/s and p99 ≤ 20 ms at 5,000/s',
);
