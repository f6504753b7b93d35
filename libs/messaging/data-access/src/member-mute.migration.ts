import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `messaging_members.muted`: a member's "mute this conversation" — no desktop notifications
 * from it on any of their devices (unread counts still count). Plain ALTER TABLE on both
 * databases: TypeORM's addColumn would rebuild the table on SQLite, and other tables reference
 * this one.
 */
export class MessagingMemberMute1764600002700 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE messaging_members ADD COLUMN muted boolean NOT NULL DEFAULT FALSE',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE messaging_members DROP COLUMN muted');
  }
}
