import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const id = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '64' });

/**
 * Voice and video calls (docs/calls.md): one row per call, one per person it concerned.
 *
 * "At most one call per conversation that has not ended" is a unique partial index, so it holds
 * when two members start a call at the same moment: the second insert finds the first one's row
 * (on PostgreSQL after waiting for its commit) and does nothing.
 */
export class MessagingCalls1764600003100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const ms = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: t.bigint,
      isNullable: nullable,
    });
    await queryRunner.createTable(
      new Table({
        name: 'messaging_calls',
        columns: [
          { ...id('id'), isPrimary: true },
          id('conversation_id'),
          /** `audio` or `video`: what the caller asked for (the client may add or drop video). */
          { name: 'media', type: 'varchar', length: '8' },
          /** `ringing`, `active` or `ended`. */
          { name: 'state', type: 'varchar', length: '8' },
          /** Set when it ends: completed, missed, cancelled, declined, busy. */
          { name: 'outcome', type: 'varchar', length: '16', isNullable: true },
          id('started_by'),
          ms('started_ms'),
          /** When a second participant joined. */
          ms('connected_ms', true),
          ms('ended_ms', true),
          /** When whoever still rings has missed it; NULL once nobody rings. */
          ms('ring_expires_ms', true),
        ],
        foreignKeys: [
          {
            columnNames: ['conversation_id'],
            referencedTableName: 'messaging_conversations',
            referencedColumnNames: ['id'],
          },
        ],
        // A conversation's call history, newest first.
        indices: [
          { name: 'messaging_calls_conversation', columnNames: ['conversation_id', 'started_ms'] },
        ],
      }),
      true,
    );
    // The open call of a conversation, and the guard against a second one.
    await queryRunner.query(
      `CREATE UNIQUE INDEX messaging_calls_open ON messaging_calls (conversation_id)
       WHERE state <> 'ended'`,
    );
    // The ring-timeout sweep's question: whose ring has expired? Only calls still ringing for
    // someone are in it, so it stays small however long the history grows.
    await queryRunner.query(
      `CREATE INDEX messaging_calls_ringing ON messaging_calls (ring_expires_ms)
       WHERE ring_expires_ms IS NOT NULL`,
    );

    await queryRunner.createTable(
      new Table({
        name: 'messaging_call_participants',
        columns: [
          { ...id('call_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          /** joined, ringing, declined, busy, missed, left. */
          { name: 'status', type: 'varchar', length: '16' },
          /** When they last joined (NULL: never), and last left. */
          ms('joined_ms', true),
          ms('left_ms', true),
        ],
        foreignKeys: [
          {
            columnNames: ['call_id'],
            referencedTableName: 'messaging_calls',
            referencedColumnNames: ['id'],
          },
        ],
        // "Is this person in a call right now?" — the busy check at start, the relay's check.
        indices: [{ name: 'messaging_call_participants_user', columnNames: ['user_id', 'status'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('messaging_call_participants', true);
    await queryRunner.query('DROP INDEX IF EXISTS messaging_calls_ringing');
    await queryRunner.query('DROP INDEX IF EXISTS messaging_calls_open');
    await queryRunner.dropTable('messaging_calls', true);
  }
}
