import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM talks to better-sqlite3 through ONE shared connection. Left alone, a statement from
 * one async flow that lands while another flow's transaction is open runs *inside* that
 * transaction: it sees uncommitted rows (a relay could publish an event for a change that then
 * rolls back) and is undone with it. Two concurrent `transaction()` calls even nest as
 * savepoints of each other.
 *
 * So on SQLite every access is serialized: a transaction holds a process-wide lock from BEGIN
 * to COMMIT, its own statements (recognized through AsyncLocalStorage) pass straight through,
 * and every other statement waits its turn. SQLite admits one writer at a time anyway; this
 * only makes the waiting explicit and correct. PostgreSQL has a real pool and needs none of it.
 *
 * Transactions must therefore be started with `dataSource.transaction()` /
 * `manager.transaction()`; an implicit one (e.g. `repository.save()` outside a transaction)
 * is refused with a clear error rather than silently interleaved.
 */
export function serializeSqliteAccess(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const context = new AsyncLocalStorage<symbol>();
  let holder: symbol | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const inTransaction = () => holder !== undefined && context.getStore() === holder;

  const runner: QueryRunner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = ((...args: unknown[]) =>
    inTransaction() ? query(...args) : exclusive(() => query(...args))) as QueryRunner['query'];

  const startTransaction = runner.startTransaction.bind(runner);
  runner.startTransaction = (async (...args: Parameters<QueryRunner['startTransaction']>) => {
    if (!inTransaction()) {
      throw new Error(
        'SQLite: start transactions with dataSource.transaction(...) so they are serialized ' +
          '(an implicit transaction such as repository.save() outside one is not allowed)',
      );
    }
    return startTransaction(...args);
  }) as QueryRunner['startTransaction'];

  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  manager.transaction = ((...args: unknown[]) => {
    if (inTransaction()) return transaction(...args); // nested: a savepoint of the same flow
    return exclusive(async () => {
      const token = Symbol('sqlite-transaction');
      holder = token;
      try {
        return await context.run(token, () => transaction(...args));
      } finally {
        holder = undefined;
      }
    });
  }) as typeof manager.transaction;
}
