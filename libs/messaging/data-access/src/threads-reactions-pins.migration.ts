import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const id = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '64' });

/**
 * Threads, reactions, pins and system messages (docs/messaging.md).
 *
 * Columns are added with plain `ALTER TABLE … ADD COLUMN` on both databases: TypeORM's
 * addColumn would rebuild messaging_messages on SQLite (copy, drop, rename), losing the search
 * triggers and tripping the tables that reference it. Every new column is nullable or has a
 * default, so existing rows and writers that do not know them (bulk loads) keep working.
 */
export class MessagingThreadsReactionsPins1764600002000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const ms = (name: string): TableColumnOptions => ({ name, type: t.bigint });
    for (const column of [
      /** A reply's thread: the root's id (NULL for top-level messages). */
      'thread_root_id varchar(64) NULL',
      /** A root's live replies, and when the newest came: kept by the send and delete paths. */
      'reply_count integer NOT NULL DEFAULT 0',
      `last_reply_ms ${t.bigint} NULL`,
      /** System messages: what happened (docs/messaging.md lists the types) and its fields. */
      'system_type varchar(32) NULL',
      'system_data text NULL',
    ])
      await queryRunner.query(`ALTER TABLE messaging_messages ADD COLUMN ${column}`);
    // A thread page is a seq range of one root's replies.
    await queryRunner.query(
      'CREATE INDEX messaging_messages_thread ON messaging_messages (thread_root_id, seq)',
    );

    const rootFk = {
      columnNames: ['root_id'],
      referencedTableName: 'messaging_messages',
      referencedColumnNames: ['id'],
    };
    await queryRunner.createTable(
      new Table({
        name: 'messaging_thread_participants',
        columns: [
          { ...id('root_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          /** Participants are listed in the order they first replied. */
          ms('first_reply_ms'),
        ],
        foreignKeys: [rootFk],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'messaging_thread_follows',
        columns: [
          { ...id('root_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          /** false: an explicit unfollow, which the root author's automatic follow respects. */
          { name: 'following', type: 'boolean' },
          ms('changed_ms'),
        ],
        foreignKeys: [rootFk],
        indices: [{ name: 'messaging_thread_follows_user', columnNames: ['user_id'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'messaging_reactions',
        columns: [
          // The primary key is the idempotence: one reaction per (message, person, emoji).
          { ...id('message_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          { name: 'emoji', type: 'varchar', length: '64', isPrimary: true },
          ms('created_ms'),
        ],
        foreignKeys: [
          {
            columnNames: ['message_id'],
            referencedTableName: 'messaging_messages',
            referencedColumnNames: ['id'],
          },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'messaging_pins',
        columns: [
          { ...id('message_id'), isPrimary: true },
          id('conversation_id'),
          id('pinned_by'),
          ms('pinned_ms'),
        ],
        foreignKeys: [
          {
            columnNames: ['message_id'],
            referencedTableName: 'messaging_messages',
            referencedColumnNames: ['id'],
          },
          {
            columnNames: ['conversation_id'],
            referencedTableName: 'messaging_conversations',
            referencedColumnNames: ['id'],
          },
        ],
        // A conversation's pins, newest first.
        indices: [
          { name: 'messaging_pins_conversation', columnNames: ['conversation_id', 'pinned_ms'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'messaging_pins',
      'messaging_reactions',
      'messaging_thread_follows',
      'messaging_thread_participants',
    ])
      await queryRunner.dropTable(table, true);
    await queryRunner.query('DROP INDEX IF EXISTS messaging_messages_thread');
    for (const column of [
      'system_data',
      'system_type',
      'last_reply_ms',
      'reply_count',
      'thread_root_id',
    ])
      await queryRunner.query(`ALTER TABLE messaging_messages DROP COLUMN ${column}`);
  }
}
