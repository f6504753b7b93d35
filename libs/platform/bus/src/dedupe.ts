import type { EventEnvelope } from '@tidings/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { placeholders } from './sql';

/**
 * Exactly-once *effects* on top of at-least-once delivery: the handler's database work and
 * the "event processed" mark commit in one transaction; a redelivered event finds its mark
 * and is skipped. Use it for every handler whose effect is not naturally idempotent.
 */
export function dedupe(
  dataSource: DataSource,
  group: string,
  work: (event: EventEnvelope, manager: EntityManager) => Promise<void>,
): (event: EventEnvelope) => Promise<void> {
  const sql = placeholders(dataSource);
  return async (event) => {
    await dataSource.transaction(async (manager) => {
      const seen = await manager.query(
        `SELECT 1 FROM platform_processed_events WHERE consumer_group = ${sql.at(1)} AND event_id = ${sql.at(2)}`,
        [group, event.id],
      );
      if (seen.length > 0) return;
      await work(event, manager);
      // If another consumer of the group raced us here, the primary key fails this
      // transaction, the handler is retried, and the retry sees the mark and skips.
      await manager.query(
        `INSERT INTO platform_processed_events (consumer_group, event_id, processed_ms) VALUES (${sql.list(3)})`,
        [group, event.id, Date.now()],
      );
    });
  };
}
