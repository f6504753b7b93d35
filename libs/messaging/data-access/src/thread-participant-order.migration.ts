import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A thread's participants are listed in the order they first replied. By time alone two
 * replies in the same millisecond tie (and replies committed together in one batch share
 * their time); the seq of the first reply never ties. Existing rows get theirs from the
 * replies already there (a deleted reply keeps its seq).
 */
export class MessagingThreadParticipantOrder1764600002600 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ALTER TABLE on both databases (TypeORM's addColumn would copy the table on SQLite).
    await queryRunner.query(
      'ALTER TABLE messaging_thread_participants ADD COLUMN first_reply_seq BIGINT',
    );
    await queryRunner.query(
      `UPDATE messaging_thread_participants SET first_reply_seq = (
         SELECT MIN(m.seq) FROM messaging_messages m
         WHERE m.thread_root_id = messaging_thread_participants.root_id
           AND m.sender_id = messaging_thread_participants.user_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE messaging_thread_participants DROP COLUMN first_reply_seq',
    );
  }
}
