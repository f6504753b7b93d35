import type { DataSource } from 'typeorm';
import type { Queryable } from '../sql';

/**
 * First key of the relay's advisory locks ("tdng"), so they cannot meet a lock another
 * application takes on the same database with the single-bigint form or another namespace.
 */
export const RELAY_LOCK_NAMESPACE = 0x74646e67;

/**
 * A stable 32-bit key for an outbox table (FNV-1a, as int4). Not `hashtext()`: that is
 * PostgreSQL-internal and may change between major versions, and replicas of different
 * versions of Tidings must agree. Two tables that collide only serialize their relays.
 */
export function outboxLockKey(table: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < table.length; i++) {
    hash ^= table.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export type LockedPass<T> = { locked: true; value: T } | { locked: false };

/**
 * Runs one relay pass over `table` while holding that outbox's lock, so that several
 * processes relaying the same outbox (replicas of one service) publish each row once and in
 * id order: one of them drains it at a time; the others answer `{ locked: false }` at once
 * and try again later.
 *
 * PostgreSQL: `pg_try_advisory_xact_lock` in a transaction on one pooled connection. `work`
 * reads and marks through that connection, so a mark commits only while the lock is held; the
 * lock goes with the transaction — on commit, on rollback, or when the server sees the
 * connection drop (a killed replica), after which the next replica to try takes over. A
 * transaction-scoped lock rather than a session lock, because a session lock left on a pooled
 * connection by a failed unlock would block the outbox for as long as the pool lives.
 * `work` may use other connections too (the memory transport's append-and-mark), so the pool
 * needs at least two.
 *
 * SQLite: no lock. Only one process writes a SQLite file at a time and only the host process
 * runs a relay (the CLI writes outbox rows and leaves publishing to the host), and within the
 * process the relay drains its outboxes one after another.
 */
export async function withOutboxLock<T>(
  dataSource: DataSource,
  table: string,
  work: (db: Queryable) => Promise<T>,
): Promise<LockedPass<T>> {
  if (dataSource.options.type !== 'postgres')
    return { locked: true, value: await work(dataSource) };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // READ COMMITTED whatever the server's default: each statement after the lock must see
    // the marks the previous holder committed as it released it.
    await runner.startTransaction('READ COMMITTED');
    const [row] = await runner.query('SELECT pg_try_advisory_xact_lock($1, $2) AS locked', [
      RELAY_LOCK_NAMESPACE,
      outboxLockKey(table),
    ]);
    if (!row?.locked) {
      await runner.rollbackTransaction();
      return { locked: false };
    }
    const value = await work(runner.manager);
    await runner.commitTransaction();
    return { locked: true, value };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}
