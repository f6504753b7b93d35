// Child processes of the realtime bench: the server under test (Tidings' embedded host, or the
// bare relay) and the load generator — each spawned through `sh -c 'ulimit -n <hard>; exec
// node …'` so it may hold as many sockets as the machine allows one process.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Command, Reply } from './protocol';
import { freePort } from '@tidings/cluster';

/**
 * Open files one process may hold here: the hard RLIMIT_NOFILE. Raising it needs
 * CAP_SYS_RESOURCE, which a container often lacks — then it caps the idle sockets one server
 * process can hold, whatever the bench asks for.
 */
export const FILE_LIMIT = Number(
  execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim(),
);

export { freePort };

/** The child's resident set in KiB (VmRSS), as the kernel counts it. */
export function rssKb(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!line) throw new Error(`no VmRSS for ${pid}`);
  return Number(line[1]);
}

export interface Child {
  process: ChildProcess;
  pid: number;
  /** The last lines it wrote (for the error when it fails). */
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * `node <args>` with a raised open-files limit. `exec` keeps the pid (so /proc/<pid> is the
 * Node process) and the IPC descriptor.
 */
export function spawnNode(args: string[], env: NodeJS.ProcessEnv, ipc = false): Child {
  const child = spawn(
    'sh',
    [
      '-c',
      `ulimit -n ${Number.isFinite(FILE_LIMIT) ? FILE_LIMIT : 'unlimited'} && exec "$0" "$@"`,
      process.execPath,
      ...args,
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? (['ipc'] as const) : [])] },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) throw new Error(`could not spawn node ${args.join(' ')}`);
  return {
    process: child,
    pid: child.pid,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The environment for an embedded host (SQLite, in-process bus, built-in or test issuer): this
 * process's, minus what would pick another mode or point elsewhere.
 */
export function embeddedEnv(): NodeJS.ProcessEnv {
  const {
    KAFKA_BROKERS: _k,
    OIDC_ISSUER: _o,
    DATABASE_URL: _d,
    PUBLIC_URL: _p,
    WEB_ROOT: _w,
    ...rest
  } = process.env;
  return rest;
}

/** Polls `GET /health/ready` until 200 (both servers answer it). */
export async function waitReady(baseUrl: string, child: Child, timeoutMs = 60_000) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.process.exitCode !== null) break;
    const response = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${baseUrl} did not become ready:\n${child.output()}`);
}

/** The load generator process, with request/answer over IPC. */
export class LoadGenerator {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { ok: (v: unknown) => void; fail: (e: Error) => void }
  >();

  private constructor(readonly child: Child) {
    child.process.on('message', (reply: Reply) => {
      const pending = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.ok) pending?.ok(reply.result);
      else pending?.fail(new Error(reply.error));
    });
    child.process.once('exit', (code) => {
      for (const pending of this.waiting.values())
        pending.fail(new Error(`load generator exited (${code}):\n${child.output()}`));
      this.waiting.clear();
    });
  }

  static async start(env: NodeJS.ProcessEnv): Promise<LoadGenerator> {
    const child = spawnNode(
      ['scripts/run-ts.mjs', 'scripts/bench/realtime/load-generator.ts'],
      env,
      true,
    );
    const generator = new LoadGenerator(child);
    // It says hello (id 0) once bundled and listening for commands.
    await new Promise<void>((resolve, reject) => {
      generator.waiting.set(0, { ok: () => resolve(), fail: reject });
    });
    return generator;
  }

  ask<T>(command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((ok, fail) => {
      this.waiting.set(id, { ok: ok as (v: unknown) => void, fail });
      this.child.process.send({ ...command, id });
    });
  }

  stop(): Promise<void> {
    this.child.process.disconnect();
    return this.child.stop();
  }
}

const CLOCK_TICKS =
  Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU time the process (all its threads) has used so far, user + system, in ms — or, with
 * `mainThreadOnly`, its main thread's: the event loop, which one core bounds.
 */
export function cpuMs(pid: number, mainThreadOnly = false): number {
  // Fields after the `(comm)`, which may hold spaces: utime and stime are the 12th and 13th.
  const stat = readFileSync(
    mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`,
    'utf8',
  );
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * How long the process's main thread has waited, runnable, for a core (ms): the scheduler's
 * run-queue delay (/proc/<pid>/task/<pid>/schedstat, second field, ns). When it grows as fast
 * as the thread runs, the machine — not the code — sets the pace.
 */
export function runQueueWaitMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').trim().split(' ');
  return Number(fields[1]) / 1e6;
}
