// CPU time and memory of the processes the cluster bench watches, each a group of pids read
// from /proc: one service process, nginx (its master and workers), the load generator, and the
// shared infrastructure — Kafka's JVM and the PostgreSQL backends serving the bench database.
import { readdirSync, readFileSync } from 'node:fs';
import { cpuMs, rssKb, runQueueWaitMs } from '../realtime/processes';

export interface Watched {
  name: string;
  /** Whose work this is: a process of the topology, the bench itself, or shared. */
  kind: 'service' | 'bench' | 'infra';
  /** The group's pids now (a group may gain or lose some: nginx workers, pool connections). */
  pids: () => number[] | Promise<number[]>;
}

/**
 * Per group, per pid: CPU ms so far, and how long its main thread has waited, runnable, for
 * a core (ms) — on a shared machine, the share of a run spent waiting says whether the
 * machine, not the code, set the pace.
 */
export type Sample = Map<string, Map<number, { cpu: number; wait: number }>>;

const read = <T>(fn: () => T, fallback: T): T => {
  try {
    return fn();
  } catch {
    return fallback; // the process ended between listing and reading it
  }
};

export async function sample(watched: Watched[]): Promise<Sample> {
  const result: Sample = new Map();
  for (const w of watched) {
    const pids = await w.pids();
    const usage = pids.map(
      (pid) =>
        [
          pid,
          { cpu: read(() => cpuMs(pid), 0), wait: read(() => runQueueWaitMs(pid), 0) },
        ] as const,
    );
    result.set(w.name, new Map(usage));
  }
  return result;
}

/**
 * What each group used between two samples (CPU ms, or main-thread wait ms). A pid that
 * appeared in between counts whole (it started during the interval); one that ended is lost
 * with what it used.
 */
export function usedBetween(
  before: Sample,
  after: Sample,
  what: 'cpu' | 'wait' = 'cpu',
): Map<string, number> {
  const used = new Map<string, number>();
  for (const [name, pids] of after) {
    const earlier = before.get(name);
    let total = 0;
    for (const [pid, now] of pids) total += now[what] - (earlier?.get(pid)?.[what] ?? 0);
    used.set(name, total);
  }
  return used;
}

/**
 * Resident memory of a group now, KiB, summed over its pids — less shared memory (RssShmem):
 * every PostgreSQL backend maps the same shared buffers, which a plain sum would count once
 * per backend. (A Node process has next to none.)
 */
export async function groupRssKb(w: Watched): Promise<number> {
  let total = 0;
  for (const pid of await w.pids()) total += read(() => rssKb(pid) - shmemKb(pid), 0);
  return total;
}

function shmemKb(pid: number): number {
  const line = /^RssShmem:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return line ? Number(line[1]) : 0;
}

/** `pid` and its direct children (nginx: the master and its workers). */
export function withChildren(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(() => readFileSync(`/proc/${entry}/stat`, 'utf8'), '');
    // Fields after the `(comm)`: state, then the parent's pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return [pid, ...children];
}
