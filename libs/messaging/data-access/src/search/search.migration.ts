import { dialectOf } from '@tidings/platform/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The message search index (docs/messaging.md "Search"). Substring search that works for
 * Chinese, Japanese and Korean (no spaces between words) as for English: trigram indexes on
 * both databases, kept in step with messaging_messages by the database itself, inside the
 * transaction that sends, edits or deletes — so no writer can forget it (threads, imports
 * and retention write messages too), and the core's write path needed no change.
 *
 * SQLite: an FTS5 table with the `trigram` tokenizer (better-sqlite3 bundles SQLite with
 * FTS5). It is contentless (`content=''`): the text lives once, in messaging_messages.
 * `contentless_delete=1` (SQLite 3.43+) lets a trigger delete and re-add a message's row on
 * edit and delete without having to replay the old text. FTS rows are keyed by
 * `messaging_search_docs.doc_id`, an INTEGER PRIMARY KEY, not by messaging_messages' implicit
 * rowid: VACUUM may renumber that one (the table's key is a text id), which would silently
 * pair one message's words with another message.
 *
 * PostgreSQL: `pg_trgm` and a GIN trigram index on the text of messages that are not deleted,
 * which `ILIKE '%word%'` uses; PostgreSQL keeps it up to date like any index.
 *
 * Both: an index on (created_ms, id) for newest-first pages, which the short-word and
 * filter-only searches walk instead of sorting every readable message.
 */
export class MessagingCreateSearch1764600001000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX messaging_messages_search_created ON messaging_messages (created_ms, id)',
    );
    if (dialectOf(queryRunner) === 'postgres') await this.upPostgres(queryRunner);
    else await this.upSqlite(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (dialectOf(queryRunner) === 'postgres') {
      // The extension stays: something else may use it, and it holds no data of ours.
      await queryRunner.query('DROP INDEX IF EXISTS messaging_messages_search_text');
    } else {
      for (const trigger of ['on_insert', 'on_update', 'on_delete'].map(
        (t) => `messaging_search_${t}`,
      ))
        await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
      await queryRunner.query('DROP TABLE IF EXISTS messaging_search');
      await queryRunner.query('DROP TABLE IF EXISTS messaging_search_docs');
    }
    await queryRunner.query('DROP INDEX IF EXISTS messaging_messages_search_created');
  }

  private async upPostgres(queryRunner: QueryRunner): Promise<void> {
    // pg_trgm is a trusted extension (PostgreSQL 13+): whoever may CREATE in the database may
    // install it, no superuser needed. IF NOT EXISTS: another service or an administrator may
    // have installed it already.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    // If it was installed into a schema that is not on our search_path, name its operator
    // class with the schema.
    const [row] = (await queryRunner.query(
      `SELECT n.nspname AS schema FROM pg_extension e
       JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
    )) as Array<{ schema: string }>;
    const opclass = `"${(row?.schema ?? 'public').replace(/"/g, '""')}".gin_trgm_ops`;
    // Existing messages are indexed as the index is built (writes to messaging_messages wait
    // for it: a large installation plans the upgrade for a quiet hour).
    await queryRunner.query(
      `CREATE INDEX messaging_messages_search_text ON messaging_messages
       USING gin (text ${opclass}) WHERE deleted_ms IS NULL`,
    );
  }

  private async upSqlite(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE messaging_search_docs (
         doc_id INTEGER PRIMARY KEY,
         message_id VARCHAR(64) NOT NULL UNIQUE
       )`,
    );
    await queryRunner.query(
      `CREATE VIRTUAL TABLE messaging_search USING fts5(
         text, tokenize = 'trigram', content = '', contentless_delete = 1
       )`,
    );
    // The messages there are already, oldest first.
    await queryRunner.query(
      `INSERT INTO messaging_search_docs (message_id)
       SELECT id FROM messaging_messages WHERE deleted_ms IS NULL AND text <> ''
       ORDER BY created_ms, id`,
    );
    await queryRunner.query(
      `INSERT INTO messaging_search (rowid, text)
       SELECT d.doc_id, m.text FROM messaging_search_docs d
       JOIN messaging_messages m ON m.id = d.message_id`,
    );
    await createSqliteSearchTriggersV1(queryRunner);
  }
}

/**
 * The triggers as this migration made them: every insert indexed in the sending transaction.
 * MessagingSearchPending1764600002500 replaced the insert trigger; the current set is
 * createSqliteSearchTriggers (search-pending.migration.ts).
 */
export async function createSqliteSearchTriggersV1(queryRunner: QueryRunner): Promise<void> {
  // Only live messages with text are indexed: a file-only message has nothing to find.
  const add = `INSERT INTO messaging_search_docs (message_id)
       SELECT new.id WHERE new.deleted_ms IS NULL AND new.text <> '';
     INSERT INTO messaging_search (rowid, text)
       SELECT doc_id, new.text FROM messaging_search_docs WHERE message_id = new.id;`;
  const remove = `DELETE FROM messaging_search
       WHERE rowid = (SELECT doc_id FROM messaging_search_docs WHERE message_id = old.id);
     DELETE FROM messaging_search_docs WHERE message_id = old.id;`;
  await queryRunner.query(
    `CREATE TRIGGER messaging_search_on_insert AFTER INSERT ON messaging_messages
     BEGIN ${add} END`,
  );
  // An edit re-indexes the new text (the old words no longer find it); a delete (the
  // tombstone: text '' and deleted_ms set) only removes.
  await queryRunner.query(
    `CREATE TRIGGER messaging_search_on_update AFTER UPDATE OF text, deleted_ms ON messaging_messages
     BEGIN ${remove} ${add} END`,
  );
  await queryRunner.query(
    `CREATE TRIGGER messaging_search_on_delete AFTER DELETE ON messaging_messages
     BEGIN ${remove} END`,
  );
}
