// `npm run bench -- startup`: how long the all-in-one host takes from process spawn to
// /health/ready = 200 — on an empty database (migrations, first-boot keys) and on a reused
// one — the README's promise is "ready within 5 s". Runs the built bundle like `npm start`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp } from '../build/server.mjs';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => ok(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function timeToReady(databaseUrl: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [resolve('dist/apps/tidings/main.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      if (response?.status === 200) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error('not ready after 60 s');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

await buildApp('tidings');
const rows = [];
for (let run = 1; run <= RUNS; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-startup-'));
  const url = `sqlite:${join(dir, 'tidings.db')}`;
  const cold = await timeToReady(url);
  const warm = await timeToReady(url);
  rmSync(dir, { recursive: true, force: true });
  rows.push({ run, 'empty database ms': Math.round(cold), 'reused database ms': Math.round(warm) });
}
console.log('\nstartup: spawn → /health/ready = 200 (SQLite, in-process bus, built-in issuer)');
console.table(rows);
console.log('target: ready within 5,000 ms of the process starting');
