import { Sql, type Db } from './sql';

/**
 * The platform's record of events a consumer group has handled, used inside messaging's own
 * outbox transaction (the platform's `dedupe` runs its own transaction, which would split the
 * effect from its events).
 */
export interface ProcessedEventRepository {
  /**
   * Claims an event for a consumer group; false when it was handled before. The claim commits
   * or rolls back with the handler's work; a concurrent claim of the same event waits for the
   * first (PostgreSQL) and then finds it taken.
   */
  claim(group: string, eventId: string, at: number): Promise<boolean>;
}

export class SqlProcessedEventRepository implements ProcessedEventRepository {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async claim(group: string, eventId: string, at: number) {
    const claimed = await this.sql.rows(
      `INSERT INTO platform_processed_events (consumer_group, event_id, processed_ms)
       VALUES (?, ?, ?) ON CONFLICT (consumer_group, event_id) DO NOTHING RETURNING event_id`,
      [group, eventId, at],
    );
    return claimed.length > 0;
  }
}
