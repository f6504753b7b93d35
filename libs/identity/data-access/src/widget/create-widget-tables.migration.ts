import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** `identity_widget_sites`: the origins allowed to embed Tidings, each owned by a bot. */
export class IdentityCreateWidgetSites1765200000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'identity_widget_sites',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'origin', type: 'varchar', length: '300', isUnique: true },
          { name: 'bot_id', type: 'varchar', length: '36' },
          { name: 'name', type: 'varchar', length: '100', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '36' },
          { name: 'created_ms', type: t.bigint },
        ],
        foreignKeys: [
          {
            columnNames: ['bot_id'],
            referencedTableName: 'identity_subjects',
            referencedColumnNames: ['id'],
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_widget_sites', true);
  }
}

/**
 * `identity_widget_tokens`: short-lived tokens acting as one person on one site. Rows go with
 * their site, and expired ones are purged as new ones are minted (`expires_ms` index).
 */
export class IdentityCreateWidgetTokens1765200000200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'identity_widget_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'prefix', type: 'varchar', length: '32', isUnique: true },
          { name: 'secret_hash', type: 'varchar', length: '64' },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'bot_id', type: 'varchar', length: '36' },
          { name: 'site_id', type: 'varchar', length: '36' },
          { name: 'origin', type: 'varchar', length: '300' },
          { name: 'expires_ms', type: t.bigint },
          { name: 'created_ms', type: t.bigint },
        ],
        foreignKeys: [
          {
            columnNames: ['user_id'],
            referencedTableName: 'identity_subjects',
            referencedColumnNames: ['id'],
          },
          {
            columnNames: ['bot_id'],
            referencedTableName: 'identity_subjects',
            referencedColumnNames: ['id'],
          },
          {
            columnNames: ['site_id'],
            referencedTableName: 'identity_widget_sites',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [
          { name: 'identity_widget_tokens_site', columnNames: ['site_id'] },
          { name: 'identity_widget_tokens_expires', columnNames: ['expires_ms'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_widget_tokens', true);
  }
}
