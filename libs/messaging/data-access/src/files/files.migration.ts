import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Uploaded files' metadata. The bytes live in the FileStorage (local disk or S3) under
 * `storage_key`; a thumbnail, when made, under `thumbnail_key`.
 *
 * No foreign key to `messaging_conversations`: the conversation and the caller's membership are
 * checked through the ConversationAccess port when a file is written and every time it is read,
 * so files depend on that port rather than on the conversation tables' layout.
 */
export class MessagingCreateFiles1764600000900 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'messaging_files',
        columns: [
          { name: 'id', type: t.id, length: '64', isPrimary: true },
          { name: 'conversation_id', type: t.id, length: '64' },
          { name: 'uploader_id', type: t.id, length: '64' },
          /** Display name; 255 characters, room for 4-byte UTF-8 on any database. */
          { name: 'name', type: 'varchar', length: '1024' },
          { name: 'mime', type: 'varchar', length: '200' },
          { name: 'detected_ext', type: 'varchar', length: '16', isNullable: true },
          { name: 'extension_mismatch', type: 'boolean' },
          { name: 'size', type: t.bigint },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'storage_key', type: 'varchar', length: '300' },
          { name: 'width', type: 'integer', isNullable: true },
          { name: 'height', type: 'integer', isNullable: true },
          { name: 'thumbnail_key', type: 'varchar', length: '300', isNullable: true },
          { name: 'created_ms', type: t.bigint },
        ],
        indices: [
          // A conversation's files, newest first (the file list of a chat).
          { name: 'messaging_files_conversation', columnNames: ['conversation_id', 'created_ms'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('messaging_files', true);
  }
}
