import type { EventContract, EventEnvelope } from '@tidings/contracts';
import type { EntityManager } from 'typeorm';
import type { NewEvent } from '../envelope';
import { chunk, placeholders } from '../sql';

export function outboxTable(service: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(service)) throw new Error(`bad service name ${service}`);
  return `${service}_outbox`;
}

/**
 * Writes events into a service's outbox *inside the caller's transaction*: the state change
 * and its events commit together or not at all. The relay publishes them afterwards.
 */
export class OutboxWriter {
  readonly table: string;

  constructor(readonly service: string) {
    this.table = outboxTable(service);
  }

  async write(manager: EntityManager, envelopes: EventEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    const sql = placeholders(manager.connection);
    const now = Date.now();
    for (const part of chunk(envelopes, 300)) {
      await manager.query(
        `INSERT INTO ${this.table} (event_id, topic, event_key, event_type, event_version, envelope, created_ms) VALUES ${sql.rows(part.length, 7)}`,
        part.flatMap((e) => [
          e.id,
          e.type.split('.')[0],
          e.key,
          e.type,
          e.version,
          JSON.stringify(e),
          now,
        ]),
      );
    }
  }
}

/** What an actions method gets inside its transaction. */
export interface Tx {
  manager: EntityManager;
  /** Queues an event; it is written to the outbox when the transaction commits. */
  publish<C extends EventContract>(contract: C, event: NewEvent<C>): EventEnvelope;
}

export interface TransactionRunner {
  /**
   * Runs `work` in one database transaction, writes the events it published into the
   * service's outbox in that same transaction, and wakes the relay once it has committed.
   */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}
