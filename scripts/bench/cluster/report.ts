// The cluster bench's summary: the figures against the targets (pass / short), and
// each process's share of the work — CPU ms per message and memory.
import type { FloodResult, RunResult } from '../realtime/protocol';
import { fixed, spread, thousands } from '../realtime/stats';
import type { Watched } from './usage';

/** One run's result with the CPU ms each watched group spent over it. */
export interface Measured<R extends RunResult = RunResult> {
  result: R;
  cpuMs: Map<string, number>;
  /** Main-thread ms spent runnable but waiting for a core (scheduler run-queue delay). */
  waitMs: Map<string, number>;
  /** The run's wall time, sending and draining. */
  wallMs: number;
}

export interface ClusterFigures {
  runs: Measured[];
  steps: Array<{ rate: number; measured: Measured; pass: boolean }>;
  best: number;
  flood: Measured<FloodResult>;
  /** % of a core each group used with sockets open and nothing sent. */
  restPercent: Map<string, number>;
  /** Resident memory per group after the runs, KiB. */
  rssKb: Map<string, number>;
  watched: Array<Pick<Watched, 'name' | 'kind'>>;
  /** The bench database's busiest statements during the flood (pg-activity.ts). */
  database: Array<Record<string, string>>;
}

export interface ClusterReportOptions {
  rate: number;
  members: number;
  stepP99Ms: number;
  firstStep: number;
  lastStep: number;
  targetP99Ms: number;
  targetPersistedPerSecond: number;
  floodSeconds: number;
  concurrency: number;
}

/** A run passes a latency step: every send accepted and delivered, p99 in, the pace kept. */
export const stepPasses = (rate: number, r: RunResult, p99Ms: number) =>
  r.accepted === r.sent &&
  r.received === r.expected &&
  r.p99 <= p99Ms &&
  r.achievedRate >= 0.95 * rate;

/** Messages the server accepted (stored) per second of the flood's window. */
export const persistedPerSecond = (f: FloodResult) => (f.accepted * 1000) / f.windowMs;
/** Frames the members' sockets received per second, first send to last frame. */
export const deliveredPerSecond = (f: FloodResult) => (f.received * 1000) / f.deliveryMs;

const verdict = (ok: boolean) => (ok ? 'pass' : 'short');

export function figureRows(
  f: ClusterFigures,
  o: ClusterReportOptions,
): Array<Record<string, string>> {
  const ms3 = (values: number[]) => {
    const s = spread(values);
    return `${fixed(s.min)} / ${fixed(s.median)} / ${fixed(s.max)}`;
  };
  const runs = f.runs.map((m) => m.result);
  const lost = runs.some((r) => r.received !== r.expected || r.accepted !== r.sent);
  const p99 = spread(runs.map((r) => r.p99)).median;
  const flood = f.flood.result;
  const persisted = persistedPerSecond(flood);
  const floodComplete = flood.received === flood.expected && flood.accepted > 0;
  const at = `at ${thousands(o.rate)} msg/s × ${o.members}`;
  return [
    {
      figure: `p50 ms ${at}`,
      'value (min / median / max)': ms3(runs.map((r) => r.p50)),
      target: '',
      result: '',
    },
    {
      figure: `p99 ms ${at}`,
      'value (min / median / max)': ms3(runs.map((r) => r.p99)),
      target: `≤ ${o.targetP99Ms}`,
      result: verdict(p99 <= o.targetP99Ms && !lost),
    },
    {
      figure: `max ms ${at}`,
      'value (min / median / max)': ms3(runs.map((r) => r.max)),
      target: '',
      result: '',
    },
    {
      figure: `frames delivered ${at}`,
      'value (min / median / max)': runs.map((r) => `${r.received}/${r.expected}`).join(', '),
      target: 'all',
      result: verdict(!lost),
    },
    {
      figure: `highest msg/s with p99 ≤ ${o.stepP99Ms} ms`,
      'value (min / median / max)':
        (f.best ? thousands(f.best) : `< ${thousands(o.firstStep)}`) +
        (f.best === o.lastStep ? ' (highest step tried)' : ''),
      target: '',
      result: '',
    },
    {
      figure: `persisted msg/s with ${o.members} recipients (${o.concurrency} in flight, ${o.floodSeconds} s)`,
      'value (min / median / max)': `${thousands(persisted)} (${thousands(flood.accepted)} stored)`,
      target: `≥ ${thousands(o.targetPersistedPerSecond)}, all delivered`,
      result: verdict(persisted >= o.targetPersistedPerSecond && floodComplete),
    },
    {
      figure: 'frames delivered in that flood, per second',
      'value (min / median / max)':
        `${thousands(deliveredPerSecond(flood))} (${thousands(flood.received)}/` +
        `${thousands(flood.expected)}; send → receive p50 ${fixed(flood.p50)} / p99 ${fixed(flood.p99)} ms)`,
      target: '',
      result: '',
    },
  ];
}

/**
 * Per process: CPU ms per message at the paced rate (median over the runs) and in the flood,
 * CPU at rest, RSS — and the services' total, which bounds the rate two cores can carry.
 */
export function processRows(
  f: ClusterFigures,
  o: ClusterReportOptions,
): Array<Record<string, string>> {
  const perMessage = (m: Measured, name: string, messages: number) =>
    (m.cpuMs.get(name) ?? NaN) / Math.max(1, messages);
  // Each column: a figure of one group, by name.
  const columns: Record<string, [digits: number, of: (name: string) => number]> = {
    [`CPU ms/msg at ${thousands(o.rate)} msg/s`]: [
      3,
      (name) => spread(f.runs.map((m) => perMessage(m, name, m.result.sent))).median,
    ],
    'CPU ms/msg in the flood': [3, (name) => perMessage(f.flood, name, f.flood.result.accepted)],
    'flood: % of a core': [0, (name) => ((f.flood.cpuMs.get(name) ?? NaN) * 100) / f.flood.wallMs],
    'flood: % waiting for a core': [
      0,
      (name) => ((f.flood.waitMs.get(name) ?? NaN) * 100) / f.flood.wallMs,
    ],
    'at rest: % of a core': [0, (name) => f.restPercent.get(name) ?? NaN],
    'RSS MB (private)': [0, (name) => (f.rssKb.get(name) ?? NaN) / 1024],
  };
  const services = f.watched.filter((w) => w.kind === 'service').map((w) => w.name);
  const row = (label: string, value: (of: (name: string) => number) => number) => ({
    process: label,
    ...Object.fromEntries(
      Object.entries(columns).map(([title, [digits, of]]) => [title, fixed(value(of), digits)]),
    ),
  });
  return [
    ...f.watched.map((w) => row(w.name, (of) => of(w.name))),
    row('all service processes', (of) => services.reduce((total, n) => total + of(n), 0)),
  ];
}
