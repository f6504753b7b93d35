import { columnTypes } from '@tidings/platform/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `messaging_messages.purged_ms`: when a retention policy removed the message's content (NULL:
 * never). A purged message is also a tombstone (`deleted_ms` set to the same time), so every
 * rule that holds for deleted messages — no edits, no reactions, not searchable — holds for it
 * without a second check; this column only tells the two apart. Plain ALTER TABLE on both
 * databases: TypeORM's addColumn would rebuild the table on SQLite, and other tables reference
 * this one.
 */
export class MessagingPurgedAt1764600003000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const { bigint } = columnTypes(queryRunner);
    await queryRunner.query(`ALTER TABLE messaging_messages ADD COLUMN purged_ms ${bigint}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE messaging_messages DROP COLUMN purged_ms');
  }
}
