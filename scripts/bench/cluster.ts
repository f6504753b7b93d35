// `npm run bench -- cluster`: the realtime bench's send → receive figures for the distributed
// topology (tools/cluster/src/topology.ts): messaging, identity, directory, presence,
// integrations and audit each their own process, two gateways, nginx in front, on a fresh
// PostgreSQL database and the local Kafka broker (scripts/bench/cluster/target.ts). Rooms
// (private channels) of 10 members, each room's sockets spread over both gateways — connected
// to the gateways directly — so every message's fan-out crosses processes. The load generator
// (scripts/bench/realtime/load-generator.ts, its own process) POSTs through nginx, as a client
// would (BENCH_CLUSTER_POST=messaging: to messaging directly). It measures
//  1. latency: a paced sender at 1,000 msg/s, BENCH_CLUSTER_RUNS runs of _SECONDS s, each
//     member socket timing send → frame;
//  2. the highest rate where p99 ≤ 50 ms: steps up the rate (_STEPS) until a step misses;
//  3. throughput: _CONCURRENCY senders sending as fast as they are answered for
//     _FLOOD_SECONDS s; each 201 is a message stored — persisted msg/s — and the frames are
//     counted as they arrive;
// with each process's CPU per message (from /proc/<pid>/stat), its RSS, and the machine load.
// Targets on 2 cores: ≥ 2,000 msg/s persisted with 10 recipients; p99 ≤ 50 ms at 1,000 msg/s.
import { availableParallelism, loadavg } from 'node:os';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { nginxBinary } from '@tidings/cluster';
import {
  figureRows,
  persistedPerSecond,
  processRows,
  stepPasses,
  type ClusterFigures,
  type ClusterReportOptions,
  type Measured,
} from './cluster/report';
import { startClusterTarget, type ClusterTarget } from './cluster/target';
import type { ActivitySampler } from './cluster/pg-activity';
import { usedBetween, groupRssKb, sample, type Watched } from './cluster/usage';
import { cpuMs, LoadGenerator } from './realtime/processes';
import type { FloodResult, RunResult } from './realtime/protocol';
import { fixed, thousands } from './realtime/stats';

const count = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const RUNS = count('BENCH_CLUSTER_RUNS', 3);
const RATE = count('BENCH_CLUSTER_RATE', 1_000);
const SECONDS = count('BENCH_CLUSTER_SECONDS', 10);
const ROOMS = count('BENCH_CLUSTER_ROOMS', 20);
const STEP_SECONDS = count('BENCH_CLUSTER_STEP_SECONDS', 5);
const STEPS = (process.env['BENCH_CLUSTER_STEPS'] ?? '100,250,500,750,1000,1500,2000,3000')
  .split(',')
  .map(Number);
const FLOOD_SECONDS = count('BENCH_CLUSTER_FLOOD_SECONDS', 10);
// The generator's HTTP agent holds 32 sockets: more in flight would only queue in it.
const CONCURRENCY = Math.min(32, count('BENCH_CLUSTER_CONCURRENCY', 32));
const POST_VIA = (process.env['BENCH_CLUSTER_POST'] ?? (nginxBinary() ? 'nginx' : 'messaging')) as
  'nginx' | 'messaging';
if (POST_VIA !== 'nginx' && POST_VIA !== 'messaging')
  throw new Error('BENCH_CLUSTER_POST must be nginx or messaging');
const BUILD = process.env['BENCH_CLUSTER_BUILD'] !== '0';
const MEMBERS = 10;
const HOPELESS_P99_MS = 1_000;
const hopeless = (r: RunResult) => r.p99 > HOPELESS_P99_MS || r.received < 0.9 * r.expected;
const ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
const REPORT: ClusterReportOptions = {
  rate: RATE,
  members: MEMBERS,
  stepP99Ms: 50,
  firstStep: STEPS[0] ?? 0,
  lastStep: STEPS.at(-1) ?? 0,
  targetP99Ms: 50,
  targetPersistedPerSecond: 2_000,
  floodSeconds: FLOOD_SECONDS,
  concurrency: CONCURRENCY,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const log = (line: string) => console.log(`cluster: ${line}`);

/** The heaviest few groups' CPU ms per message, for the progress lines. */
const topCpu = (m: Measured, messages: number) =>
  [...m.cpuMs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([name, ms]) => `${name} ${fixed(ms / Math.max(1, messages), 3)}`)
    .join(', ');

const describeRun = (m: Measured) => {
  const r = m.result;
  return (
    `p50 ${fixed(r.p50)} ms, p99 ${fixed(r.p99)} ms, max ${fixed(r.max)} ms; ` +
    `POST answered p50 ${fixed(r.answerP50)} / p99 ${fixed(r.answerP99)} ms; ` +
    `${thousands(r.achievedRate)} msg/s sent (lag p99 ${fixed(r.senderLagP99)} ms), ` +
    `${r.received}/${r.expected} frames; CPU ms/msg: ${topCpu(m, r.sent)}; load ${load()}` +
    (r.firstError ? `; ${r.firstError}` : '')
  );
};

async function measure(target: ClusterTarget, generator: LoadGenerator): Promise<ClusterFigures> {
  const watched: Watched[] = [
    ...target.watched,
    { name: 'load generator', kind: 'bench', pids: () => [generator.child.pid] },
  ];
  const services = watched.filter((w) => w.kind === 'service');
  const sockets = await generator.ask<number>({
    kind: 'rooms',
    port: target.postPort,
    rooms: target.rooms,
    addresses: ADDRESSES,
  });
  // What the processes burn with nobody sending (Kafka polls, timers, heartbeats): part of
  // every run's CPU per message, and more of it the lower the rate.
  const restBefore = await sample(watched);
  await sleep(5_000);
  const restMs = usedBetween(restBefore, await sample(watched));
  const restPercent = new Map([...restMs].map(([name, ms]) => [name, ms / 50]));
  const servicesAtRest = services.reduce((t, w) => t + (restPercent.get(w.name) ?? 0), 0);
  log(
    `${sockets} member sockets (${ROOMS} rooms × ${MEMBERS}, over ${target.cluster.gateways().length} ` +
      `gateways); services' CPU at rest ${fixed(servicesAtRest, 0)} % of a core`,
  );

  /**
   * Waits until the services are back near rest and no late frame of an earlier run has come
   * for a second, so one run's backlog does not land on the next: a pipeline that waits on
   * the machine (or on commits) can be behind while using little CPU. Gives up after 120 s.
   */
  const quiet = async () => {
    const deadline = performance.now() + 120_000;
    for (;;) {
      const before = services.reduce((t, w) => t + cpuOf(w), 0);
      await sleep(500);
      const percent = (services.reduce((t, w) => t + cpuOf(w), 0) - before) / 5;
      const sinceFrame = await generator.ask<number>({ kind: 'sinceLastFrame' });
      if (percent < servicesAtRest + 15 && sinceFrame > 1_000) return;
      if (performance.now() > deadline) {
        log(
          `after 120 s, services still at ${fixed(percent, 0)} % of a core, last late frame ` +
            `${fixed(sinceFrame / 1000, 1)} s ago; going on`,
        );
        return;
      }
    }
  };
  const measured = async <R extends RunResult>(ask: () => Promise<R>): Promise<Measured<R>> => {
    await quiet();
    const before = await sample(watched);
    const started = performance.now();
    const result = await ask();
    const wallMs = performance.now() - started;
    const after = await sample(watched);
    return {
      result,
      cpuMs: usedBetween(before, after),
      waitMs: usedBetween(before, after, 'wait'),
      wallMs,
    };
  };
  const run = (tag: string, rate: number, seconds: number) =>
    measured(() => generator.ask<RunResult>({ kind: 'run', tag, rate, seconds, drainMs: 10_000 }));

  // JIT, statement caches, pooled connections, consumer groups settled.
  log(`warm-up at 200 msg/s — ${describeRun(await run('warm', 200, 3))}`);
  const runs: Measured[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await run(`run${i}`, RATE, SECONDS);
    runs.push(result);
    log(`${RATE} msg/s × ${MEMBERS}, run ${i + 1} — ${describeRun(result)}`);
    // A run this far off says what more runs would, at minutes each (their drain waits for
    // the backlog): the figure is a miss either way.
    if (hopeless(result.result) && i < RUNS - 1) {
      log(
        `p99 over ${HOPELESS_P99_MS} ms or a tenth of the frames missing: skipping the other runs`,
      );
      break;
    }
  }
  const steps: ClusterFigures['steps'] = [];
  let best = 0;
  steps: for (const rate of STEPS) {
    // A step that misses is tried once more before the search stops: on a shared machine
    // one stall of another process's making can push a 5 s window's p99 over the line.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const m = await run(`step${rate}-${attempt}`, rate, STEP_SECONDS);
      const pass = stepPasses(rate, m.result, REPORT.stepP99Ms);
      steps.push({ rate, measured: m, pass });
      log(`step ${rate} msg/s, try ${attempt} ${pass ? 'pass' : 'MISS'} — ${describeRun(m)}`);
      if (pass) {
        best = rate;
        continue steps;
      }
    }
    break;
  }
  let sampler: ActivitySampler | undefined;
  const flood = await measured(async () => {
    sampler = target.sampleDatabase();
    return generator.ask<FloodResult>({
      kind: 'flood',
      tag: 'flood',
      seconds: FLOOD_SECONDS,
      concurrency: CONCURRENCY,
      drainMs: 30_000,
    });
  });
  const database = (await sampler?.stop()) ?? [];
  const f = flood.result;
  log(
    `flood, ${CONCURRENCY} in flight for ${FLOOD_SECONDS} s — ${thousands(persistedPerSecond(f))} ` +
      `msg/s persisted (${f.accepted}/${f.sent} accepted), ${f.received}/${f.expected} frames; ` +
      `POST answered p50 ${fixed(f.answerP50)} / p99 ${fixed(f.answerP99)} ms; CPU ms/msg: ` +
      `${topCpu(flood, f.accepted)}; load ${load()}` +
      (f.firstError ? `; ${f.firstError}` : ''),
  );
  const rssKb = new Map<string, number>();
  for (const w of watched) rssKb.set(w.name, await groupRssKb(w));
  await generator.ask({ kind: 'closeRooms' });
  return {
    runs,
    steps,
    best,
    flood,
    restPercent,
    rssKb,
    watched: watched.map(({ name, kind }) => ({ name, kind })),
    database,
  };
}

/** A group's CPU ms so far, or 0 for a group whose pids are not at hand synchronously. */
function cpuOf(w: Watched): number {
  const pids = w.pids();
  if (!Array.isArray(pids)) return 0;
  return pids.reduce((total, pid) => {
    try {
      return total + cpuMs(pid);
    } catch {
      return total;
    }
  }, 0);
}

// Everything started is stopped, also on a failure or Ctrl-C: the generator, the topology's
// processes, the database, Kafka when this bench started it, the issuer.
let target: ClusterTarget | undefined;
let generator: LoadGenerator | undefined;
const issuer = new TestIssuer();
let stopping: Promise<void> | undefined;
const stopAll = () =>
  (stopping ??= (async () => {
    await generator?.stop().catch(() => undefined);
    await target?.stop();
    await issuer.stop().catch(() => undefined);
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`cluster: ${signal}; stopping everything`);
    void stopAll().finally(() => process.exit(130));
  });
}

const loadBefore = load();
const started = performance.now();
let figures: ClusterFigures;
try {
  await issuer.start();
  target = await startClusterTarget(issuer, {
    rooms: ROOMS,
    members: MEMBERS,
    build: BUILD,
    postVia: POST_VIA,
    log,
  });
  generator = await LoadGenerator.start(process.env);
  figures = await measure(target, generator);
} finally {
  await stopAll();
}

console.log(
  `\ncluster benchmark (${ROOMS} rooms × ${MEMBERS} members, sockets on the gateways directly, ` +
    `POST via ${POST_VIA}; ${figures.runs.length} of ${RUNS} runs of ${SECONDS} s at ` +
    `${thousands(RATE)} msg/s; steps of ` +
    `${STEP_SECONDS} s: ${STEPS.join(', ')} msg/s; flood ${FLOOD_SECONDS} s × ${CONCURRENCY} in flight; ` +
    `${Math.round((performance.now() - started) / 1000)} s in all; ${availableParallelism()} cores, ` +
    `load average ${loadBefore} before, ${load()} after; Node ${process.versions.node})`,
);
console.table(figureRows(figures, REPORT));
console.table(processRows(figures, REPORT));
console.log(
  'PostgreSQL during the flood: the bench database’s active backends, sampled every 25 ms ' +
    '(mean number busy on each statement; "on CPU" = no wait event)',
);
console.table(figures.database);
console.log(
  'latency: send (the load generator issuing POST) → the frame parsed on each member socket, same clock; ' +
    `POST → ${POST_VIA === 'nginx' ? 'nginx → ' : ''}messaging (PostgreSQL: message + outbox) → ` +
    'Kafka → both gateways (fan-out store) → sockets.\n' +
    'a step passes with p99 ≤ 50 ms, every frame delivered, every POST accepted and ≥ 95 % of the rate sent. ' +
    'kafka and postgres rows: the broker JVM (shared with anything else using it) and the ' +
    'backends connected to the bench database.',
);
