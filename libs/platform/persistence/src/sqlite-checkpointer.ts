import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a thread of their own.
 *
 * In WAL mode a commit only appends to the `-wal` file; a checkpoint later copies those pages
 * into the database file and fsyncs it. SQLite's automatic checkpoint runs inside the commit
 * that crosses the threshold (1,000 pages by default) — on the one connection TypeORM shares,
 * which is on the event loop: every ~40 sends one of them, and every request behind it, waited
 * for a checkpoint of megabytes into a database of millions of rows (the send benchmark's p99
 * and max). Here a worker thread with its own connection runs PASSIVE checkpoints every
 * `intervalMs` — they never block the writer — while the automatic checkpoint stays on at a
 * far higher threshold as a backstop, should the worker ever fall behind.
 */
export const AUTOCHECKPOINT_BACKSTOP_PAGES = 20_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 1000 });
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: next time */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface SqliteCheckpointer {
  /** Runs a last checkpoint and closes the worker's connection. */
  stop(): Promise<void>;
}

export function startSqliteCheckpointer(path: string, intervalMs = 250): SqliteCheckpointer {
  // The worker loads the same better-sqlite3 as TypeORM, by absolute path: eval'd worker code
  // resolves modules from nowhere in particular.
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path, intervalMs },
  });
  // A checkpointer never keeps the process alive, and its failure is not the app's.
  worker.unref();
  worker.on('error', () => undefined);
  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        worker.ref(); // until it has exited: a stop awaited at exit must not be cut short
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
        // Should it hang (a checkpoint stuck on a lock), do not hold shutdown hostage.
        setTimeout(() => void worker.terminate(), 5_000).unref();
      });
      return stopped;
    },
  };
}
