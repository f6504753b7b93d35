import { outboxMigration } from '@tidings/platform/bus';
import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

export const MessagingCreateOutbox = outboxMigration('messaging', 1764600000000);

const id = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '64',
  isNullable: nullable,
});

/**
 * Conversations, members, messages (with mentions, attachments and edit history) and the
 * users projection fed by directory events. Others build on these names (search, files):
 * docs/messaging.md lists them; change them only with a new migration.
 */
export class MessagingCreateCore1764600000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const ms = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: t.bigint,
      isNullable: nullable,
    });
    const conversationFk = {
      columnNames: ['conversation_id'],
      referencedTableName: 'messaging_conversations',
      referencedColumnNames: ['id'],
    };
    const messageFk = {
      columnNames: ['message_id'],
      referencedTableName: 'messaging_messages',
      referencedColumnNames: ['id'],
    };

    await queryRunner.createTable(
      new Table({
        name: 'messaging_users',
        columns: [
          { ...id('id'), isPrimary: true },
          { name: 'username', type: 'varchar', length: '200' },
          /** Lower-cased username: mentions and sign-ins match it case-insensitively. */
          { name: 'username_key', type: 'varchar', length: '200' },
          { name: 'display_name', type: 'varchar', length: '200' },
          { name: 'active', type: 'boolean' },
          /** When the newest directory event applied happened: older ones arriving late lose. */
          ms('changed_ms'),
        ],
        indices: [{ name: 'messaging_users_username_key', columnNames: ['username_key'] }],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'messaging_conversations',
        columns: [
          { ...id('id'), isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'visibility', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '80', isNullable: true },
          { name: 'topic', type: 'varchar', length: '250', isNullable: true },
          { name: 'purpose', type: 'varchar', length: '250', isNullable: true },
          /** Direct and group conversations: one per member set (NULL for channels). */
          { name: 'direct_key', type: 'varchar', length: '80', isNullable: true },
          id('created_by'),
          ms('created_ms'),
          ms('archived_ms', true),
          id('archived_by', true),
          /** The seq of the newest message; the send transaction increments it under a row lock. */
          { name: 'last_seq', type: t.bigint, default: 0 },
          /** The newest message's time (or creation): orders a member's conversation list. */
          ms('last_activity_ms'),
          /** Active members, kept with every membership change (mention limits, receipts). */
          { name: 'member_count', type: 'integer', default: 0 },
        ],
        uniques: [{ name: 'messaging_conversations_direct_key', columnNames: ['direct_key'] }],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'messaging_members',
        columns: [
          { ...id('conversation_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          { name: 'role', type: 'varchar', length: '16' },
          /** `deactivated`: the account is; the row waits for a reactivation. Leaving deletes it. */
          { name: 'status', type: 'varchar', length: '16' },
          ms('joined_ms'),
          { name: 'last_read_seq', type: t.bigint, default: 0 },
        ],
        foreignKeys: [conversationFk],
        indices: [{ name: 'messaging_members_user', columnNames: ['user_id', 'status'] }],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'messaging_messages',
        columns: [
          { ...id('id'), isPrimary: true },
          id('conversation_id'),
          { name: 'seq', type: t.bigint },
          id('sender_id'),
          { name: 'sender_kind', type: 'varchar', length: '16' },
          { name: 'client_msg_id', type: 'varchar', length: '100', isNullable: true },
          /** Markdown; '' once deleted (the row stays as a tombstone holding its seq). */
          { name: 'text', type: 'text' },
          { name: 'broadcast', type: 'varchar', length: '8', isNullable: true },
          ms('created_ms'),
          ms('edited_ms', true),
          ms('deleted_ms', true),
          id('deleted_by', true),
        ],
        uniques: [
          { name: 'messaging_messages_seq', columnNames: ['conversation_id', 'seq'] },
          // A client's retry of a send finds its original here instead of posting twice.
          {
            name: 'messaging_messages_client_msg',
            columnNames: ['conversation_id', 'sender_id', 'client_msg_id'],
          },
        ],
        foreignKeys: [conversationFk],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'messaging_message_mentions',
        columns: [
          { ...id('message_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
        ],
        foreignKeys: [messageFk],
        indices: [{ name: 'messaging_message_mentions_user', columnNames: ['user_id'] }],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'messaging_message_files',
        columns: [
          { ...id('message_id'), isPrimary: true },
          { ...id('file_id'), isPrimary: true },
          /** Order of the attachments as sent. */
          { name: 'position', type: 'integer' },
        ],
        foreignKeys: [messageFk],
        indices: [{ name: 'messaging_message_files_file', columnNames: ['file_id'] }],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'messaging_message_edits',
        columns: [
          {
            name: 'id',
            type: t.bigIncrement,
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          id('message_id'),
          /** The text as it was before this edit. */
          { name: 'previous_text', type: 'text' },
          id('edited_by'),
          ms('edited_ms'),
        ],
        foreignKeys: [messageFk],
        indices: [{ name: 'messaging_message_edits_message', columnNames: ['message_id'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'messaging_message_edits',
      'messaging_message_files',
      'messaging_message_mentions',
      'messaging_messages',
      'messaging_members',
      'messaging_conversations',
      'messaging_users',
    ])
      await queryRunner.dropTable(table, true);
  }
}
