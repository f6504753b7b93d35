// The realtime bench's summary table: one row per figure and server, targets and pass/MISS
// for Tidings, and Tidings / bare ratios.
import type { IdleResult, RunResult } from './protocol';
import { fixed, spread, thousands } from './stats';

export type Run = RunResult & {
  cpuPerMessageMs: number;
  /** The server's main thread (its event loop), % of a core over the run and its drain. */
  loopCpuPercent: number;
  /** …and the share of the run it spent runnable but waiting for a core. */
  loopWaitPercent: number;
  generatorCpuPercent: number;
};

export interface Figures {
  name: string;
  runs: Run[];
  steps: Array<{ rate: number; result: Run; pass: boolean }>;
  best: number;
  idle: IdleResult & { open: number; rssBeforeKb: number; rssAfterKb: number; perConnKb: number };
  /** The server's CPU use with sockets open and nothing sent, % of one core. */
  restPercent: number;
}

export interface ReportOptions {
  idleAsked: number;
  idle: number;
  fileLimit: number;
  rate: number;
  members: number;
  firstStep: number;
  lastStep: number;
  stepP99Ms: number;
  targetP50Ms: number;
  targetRssKb: number;
}

export function reportRows(figures: Figures[], o: ReportOptions): Array<Record<string, string>> {
  const bare = figures.find((f) => f.name !== 'Tidings');
  const ms3 = (values: number[]) => {
    const s = spread(values);
    return `${fixed(s.min)} / ${fixed(s.median)} / ${fixed(s.max)}`;
  };
  const median = (values: number[]) => spread(values).median;
  const rows: Array<Record<string, string>> = [];
  for (const f of figures) {
    const isTidings = f.name === 'Tidings';
    const p50 = median(f.runs.map((r) => r.p50));
    const p99 = median(f.runs.map((r) => r.p99));
    const bareP99 = bare ? median(bare.runs.map((r) => r.p99)) : NaN;
    const lost = f.runs.some((r) => r.received !== r.expected || r.accepted !== r.sent);
    rows.push(
      {
        server: f.name,
        figure: 'idle sockets held',
        'value (min / median / max)':
          `${thousands(f.idle.open)} of ${thousands(o.idle)}` +
          (o.idle < o.idleAsked ? ` (file limit ${thousands(o.fileLimit)}/process)` : ''),
        target: isTidings ? `${thousands(o.idleAsked)}` : '',
        result: isTidings ? (f.idle.open >= o.idleAsked ? 'pass' : 'MISS') : '',
      },
      {
        server: f.name,
        figure: 'RSS per idle socket, KB',
        'value (min / median / max)': fixed(f.idle.perConnKb),
        target: isTidings ? `≤ ${o.targetRssKb}` : '',
        result: isTidings ? (f.idle.perConnKb <= o.targetRssKb ? 'pass' : 'MISS') : '',
      },
      {
        server: f.name,
        figure: `p50 ms at ${thousands(o.rate)} msg/s × ${o.members}`,
        'value (min / median / max)': ms3(f.runs.map((r) => r.p50)),
        target: isTidings ? `≤ ${o.targetP50Ms}` : '',
        result: isTidings ? (p50 <= o.targetP50Ms && !lost ? 'pass' : 'MISS') : '',
      },
      {
        server: f.name,
        figure: `p99 ms at ${thousands(o.rate)} msg/s × ${o.members}`,
        'value (min / median / max)': ms3(f.runs.map((r) => r.p99)),
        target: isTidings && bare ? `≤ 2 × bare = ${fixed(2 * bareP99)}` : '',
        result: isTidings && bare ? (p99 <= 2 * bareP99 && !lost ? 'pass' : 'MISS') : '',
      },
      {
        server: f.name,
        figure: `server CPU ms per message at ${thousands(o.rate)} msg/s`,
        'value (min / median / max)': ms3(f.runs.map((r) => r.cpuPerMessageMs)),
        target: '',
        result: '',
      },
      {
        server: f.name,
        figure: 'server CPU at rest, % of a core',
        'value (min / median / max)': fixed(f.restPercent, 0),
        target: '',
        result: '',
      },
      {
        server: f.name,
        figure: `highest msg/s with p99 ≤ ${o.stepP99Ms} ms`,
        'value (min / median / max)':
          (f.best ? thousands(f.best) : `< ${thousands(o.firstStep)}`) +
          (f.best === o.lastStep ? ' (highest step tried)' : ''),
        target: '',
        result: '',
      },
    );
  }
  const tidings = figures.find((f) => f.name === 'Tidings');
  if (tidings && bare) {
    const ratio = (a: number, b: number) => (b > 0 ? `${fixed(a / b)}×` : '—');
    rows.push({
      server: 'Tidings / bare',
      figure: 'ratios: RSS per socket; p50; p99; highest msg/s',
      'value (min / median / max)': [
        ratio(tidings.idle.perConnKb, bare.idle.perConnKb),
        ratio(median(tidings.runs.map((r) => r.p50)), median(bare.runs.map((r) => r.p50))),
        ratio(median(tidings.runs.map((r) => r.p99)), median(bare.runs.map((r) => r.p99))),
        ratio(tidings.best, bare.best),
      ].join('; '),
      target: '',
      result: '',
    });
  }
  return rows;
}
