import type { DataSource } from 'typeorm';

/** Queued messages indexed per transaction: other writers get their turn between batches. */
const BATCH = 500;

/**
 * Moves messages queued in messaging_search_pending into the FTS5 index (SQLite; on PostgreSQL
 * every method answers at once — its index needs no help). See MessagingSearchPending1764600002500
 * for why sends only queue.
 *
 * `catchUp()` before a search makes it see every message sent before it; `start()` indexes
 * in the background so the queue stays short without anyone searching. Batches run one at a
 * time; each is one transaction, idempotent against the edit trigger (which may index a
 * queued message first) and against a concurrent catch-up.
 */
export class SearchIndexer {
  private readonly enabled: boolean;
  private running: Promise<number> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly dataSource: DataSource) {
    this.enabled = dataSource.options.type === 'better-sqlite3';
  }

  /** Indexes in the background every `intervalMs` until stop(). */
  start(intervalMs = 100): void {
    if (!this.enabled || this.timer) return;
    this.timer = setInterval(() => {
      this.catchUp().catch(() => undefined); // the next tick, or the next search, retries
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Indexes everything queued (now and while it runs); answers how many messages. */
  async catchUp(): Promise<number> {
    if (!this.enabled) return 0;
    // One pass at a time; a caller arriving during one waits for it and then runs its own,
    // so what was queued before the call is indexed when it returns.
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.drain();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const indexed = await this.indexBatch();
      total += indexed;
      if (indexed < BATCH) return total;
    }
  }

  private indexBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const queued = (await manager.query(
        'SELECT message_id FROM messaging_search_pending ORDER BY rowid LIMIT ?',
        [BATCH],
      )) as Array<{ message_id: string }>;
      if (queued.length === 0) return 0;
      const ids = queued.map((q) => q.message_id);
      const list = ids.map(() => '?').join(', ');
      const [{ last }] = (await manager.query(
        'SELECT COALESCE(MAX(doc_id), 0) AS last FROM messaging_search_docs',
      )) as [{ last: number }];
      // OR IGNORE: an edit may have indexed a queued message already. Still live and with
      // text: a message deleted while queued has nothing to find.
      await manager.query(
        `INSERT OR IGNORE INTO messaging_search_docs (message_id)
         SELECT id FROM messaging_messages
         WHERE id IN (${list}) AND deleted_ms IS NULL AND text <> ''
         ORDER BY created_ms, id`,
        ids,
      );
      await manager.query(
        `INSERT INTO messaging_search (rowid, text)
         SELECT d.doc_id, m.text FROM messaging_search_docs d
         JOIN messaging_messages m ON m.id = d.message_id WHERE d.doc_id > ?`,
        [last],
      );
      await manager.query(
        `DELETE FROM messaging_search_pending WHERE message_id IN (${list})`,
        ids,
      );
      return ids.length;
    });
  }
}
