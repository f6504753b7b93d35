import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `messaging_messages.card`: the vendor-neutral card a message carries (JSON text, validated
 * by the contracts' card schema before it is stored; NULL: none), and `card_version`: 0
 * without a card, 1 once it has one, +1 per update — what `ifVersion` is compared with and
 * how clients tell a newer card from an older one. Plain ALTER TABLE on both databases:
 * TypeORM's addColumn would rebuild the table on SQLite, and other tables reference this one.
 */
export class MessagingMessageCards1764600002800 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE messaging_messages ADD COLUMN card text');
    await queryRunner.query(
      'ALTER TABLE messaging_messages ADD COLUMN card_version integer NOT NULL DEFAULT 0',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE messaging_messages DROP COLUMN card_version');
    await queryRunner.query('ALTER TABLE messaging_messages DROP COLUMN card');
  }
}
