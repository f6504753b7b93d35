import { dialectOf } from '@tidings/platform/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The channel directory's order: public channels by lower-cased name, then id — a partial
 * index holding only public channels, so a page is read in order from the cursor on and the
 * walk stops at its LIMIT instead of sorting every channel. A name filter (a substring, which
 * no B-tree can seek) is checked along the walk.
 *
 * PostgreSQL sorts the key with COLLATE "C" (bytewise, as SQLite does): the same order on both
 * databases whatever the locale, and one the cursor's comparison matches exactly. The query in
 * channel-directory.repository.ts must spell the key the same way for the index to be used.
 */
export class MessagingChannelDirectory1764600002400 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const key = dialectOf(queryRunner) === 'postgres' ? '(lower(name) COLLATE "C")' : 'lower(name)';
    await queryRunner.query(
      `CREATE INDEX messaging_conversations_directory ON messaging_conversations (${key}, id)
       WHERE kind = 'channel' AND visibility = 'public'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS messaging_conversations_directory');
  }
}
