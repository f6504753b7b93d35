import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '@tidings/cluster';

export const MAIN = resolve('dist/apps/tidings/main.js');
export const CLI = resolve('bin/tidings.mjs');

export { freePort };

export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  /** Milliseconds from spawn until /health/ready answered 200. */
  readyAfterMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns the built host as a real process, the way `npm start` does, and waits until
 * /health/ready answers `readyStatus` (503 to start a server meant to be unready).
 * `env.PORT`, when given, is used (a port picked first, so PUBLIC_URL can name it).
 */
export async function startServer(
  env: Record<string, string>,
  // A hang guard, not a speed target (that is `npm run bench -- startup`): a busy 2-core
  // machine running two test files, Chromium and brokers can take a while to start a process.
  timeoutMs = 45_000,
  readyStatus = 200,
): Promise<RunningServer> {
  const port = env['PORT'] ? Number(env['PORT']) : await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...inheritedEnv(), HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    child.once('exit', (code, signal) => ok({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  while (performance.now() - started < timeoutMs && !exitedEarly) {
    const response = await fetch(`${baseUrl}/health/ready`).catch(() => undefined); // not listening yet
    if (response?.status === readyStatus) {
      return {
        child,
        baseUrl,
        output: () => output,
        readyAfterMs: performance.now() - started,
        exited,
      };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready:\n${output}`);
}

/**
 * The test runner's environment minus the variables that choose Tidings' mode: a server gets
 * Kafka, an external issuer or PostgreSQL only when its test asks for them.
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  const {
    KAFKA_BROKERS: _k,
    OIDC_ISSUER: _o,
    DATABASE_URL: _d,
    PUBLIC_URL: _p,
    ...rest
  } = process.env;
  return rest;
}
