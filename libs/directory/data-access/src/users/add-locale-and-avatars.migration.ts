import { columnTypes } from '@tidings/platform/persistence';
import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** People's preferred language and avatar (the image in its own table, out of every user read). */
export class DirectoryAddLocaleAndAvatars1764300000600 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.addColumns('directory_users', [
      new TableColumn({ name: 'locale', type: 'varchar', length: '35', isNullable: true }),
      new TableColumn({ name: 'avatar_sha256', type: 'varchar', length: '64', isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'directory_avatars',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'mime', type: 'varchar', length: '64' },
          // Base64 text: one column type that reads back the same on SQLite and PostgreSQL.
          { name: 'base64', type: 'text' },
          { name: 'updated_ms', type: t.bigint },
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'directory_users',
            referencedColumnNames: ['id'],
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('directory_avatars', true);
    await queryRunner.dropColumn('directory_users', 'avatar_sha256');
    await queryRunner.dropColumn('directory_users', 'locale');
  }
}
