import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export const CONTEXT_ORIGIN_MAX = 300;
export const CONTEXT_KEY_MAX = 200;

/**
 * A conversation's context (docs/widget.md, "Context conversations"): the business object a
 * widget page opened it for — the site's origin, the page's key and the object's URL.
 *
 * One conversation per (origin, key) is a unique index, so two first opens at the same moment
 * end with one channel: the second insert finds the first one's row (on PostgreSQL after
 * waiting for its commit) and does nothing. Both databases treat NULLs as distinct in a
 * unique index, so the conversations without a context are unaffected.
 *
 * Columns are added with plain ALTER TABLE (TypeORM's addColumn rebuilds the table on SQLite,
 * and other tables reference this one); the index through the Table API.
 */
export class MessagingConversationContext1764600003200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    for (const column of [
      `context_origin varchar(${CONTEXT_ORIGIN_MAX}) NULL`,
      `context_key varchar(${CONTEXT_KEY_MAX}) NULL`,
      /** The object's page, on the site's origin (NULL: none given). */
      'context_url text NULL',
    ])
      await queryRunner.query(`ALTER TABLE messaging_conversations ADD COLUMN ${column}`);
    await queryRunner.createIndex(
      'messaging_conversations',
      new TableIndex({
        name: 'messaging_conversations_context',
        columnNames: ['context_origin', 'context_key'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS messaging_conversations_context');
    for (const column of ['context_url', 'context_key', 'context_origin'])
      await queryRunner.query(`ALTER TABLE messaging_conversations DROP COLUMN ${column}`);
  }
}
