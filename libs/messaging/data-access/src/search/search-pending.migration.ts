import { dialectOf } from '@tidings/platform/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createSqliteSearchTriggersV1 } from './search.migration';

/**
 * SQLite: new messages are indexed for search in batches, after the send, instead of inside
 * the sending transaction (docs/messaging.md "Search"). Indexing one message in FTS5 writes
 * about nine pages and, as the index grows, starts segment merges inside some unlucky send:
 * on a database of a million messages it cost a lone sender two thirds of its throughput.
 *
 * The insert trigger now only queues the message's id in messaging_search_pending (one small
 * row); SearchIndexer moves queued messages into the index, many per transaction, and a search
 * first indexes whatever is still queued — so search still finds a message the moment its
 * send returned. Edits and deletes keep their triggers: they touch one message that is
 * usually indexed already, and must not leave stale words findable.
 *
 * PostgreSQL's GIN trigram index is maintained by PostgreSQL itself; nothing changes there.
 */
export class MessagingSearchPending1764600002500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    if (dialectOf(queryRunner) === 'postgres') return;
    await queryRunner.query(
      `CREATE TABLE messaging_search_pending (
         message_id VARCHAR(64) NOT NULL PRIMARY KEY
       )`,
    );
    for (const trigger of SQLITE_SEARCH_TRIGGERS)
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    await createSqliteSearchTriggers(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (dialectOf(queryRunner) === 'postgres') return;
    // What is still queued is indexed first, as the old triggers would have done.
    await queryRunner.query(`INSERT OR IGNORE INTO messaging_search_docs (message_id)
       SELECT m.id FROM messaging_search_pending p JOIN messaging_messages m ON m.id = p.message_id
       WHERE m.deleted_ms IS NULL AND m.text <> ''`);
    await queryRunner.query(`INSERT INTO messaging_search (rowid, text)
       SELECT d.doc_id, m.text FROM messaging_search_pending p
       JOIN messaging_search_docs d ON d.message_id = p.message_id
       JOIN messaging_messages m ON m.id = p.message_id`);
    for (const trigger of SQLITE_SEARCH_TRIGGERS)
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    await queryRunner.query('DROP TABLE messaging_search_pending');
    await createSqliteSearchTriggersV1(queryRunner);
  }
}

export const SQLITE_SEARCH_TRIGGERS = [
  'messaging_search_on_insert',
  'messaging_search_on_update',
  'messaging_search_on_delete',
] as const;

/**
 * The triggers that keep search in step with messaging_messages on SQLite. A later migration
 * that rebuilds messaging_messages on SQLite (TypeORM's addColumn, changeColumn and dropColumn
 * copy the table to a new one) drops them with the old table: it must call this again. The
 * search integration test fails if they are missing.
 */
export async function createSqliteSearchTriggers(queryRunner: QueryRunner): Promise<void> {
  // Only live messages with text are indexed: a file-only message has nothing to find.
  const queue = `INSERT OR IGNORE INTO messaging_search_pending (message_id)
       SELECT new.id WHERE new.deleted_ms IS NULL AND new.text <> '';`;
  const add = `INSERT OR IGNORE INTO messaging_search_docs (message_id)
       SELECT new.id WHERE new.deleted_ms IS NULL AND new.text <> '';
     INSERT INTO messaging_search (rowid, text)
       SELECT doc_id, new.text FROM messaging_search_docs
       WHERE message_id = new.id AND new.deleted_ms IS NULL AND new.text <> '';`;
  const remove = `DELETE FROM messaging_search
       WHERE rowid = (SELECT doc_id FROM messaging_search_docs WHERE message_id = old.id);
     DELETE FROM messaging_search_docs WHERE message_id = old.id;
     DELETE FROM messaging_search_pending WHERE message_id = old.id;`;
  await queryRunner.query(
    `CREATE TRIGGER messaging_search_on_insert AFTER INSERT ON messaging_messages
     BEGIN ${queue} END`,
  );
  // An edit re-indexes the new text at once (the old words no longer find it; a message still
  // queued is indexed now, and the queue forgets it); a delete — the tombstone: text '' and
  // deleted_ms set — only removes.
  await queryRunner.query(
    `CREATE TRIGGER messaging_search_on_update AFTER UPDATE OF text, deleted_ms ON messaging_messages
     BEGIN ${remove} ${add} END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER messaging_search_on_delete AFTER DELETE ON messaging_messages
     BEGIN ${remove} END`,
  );
}
