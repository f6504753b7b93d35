import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes } from '@tidings/platform/persistence';

/** Local accounts of the built-in issuer (embedded mode). */
export class IdentityCreateAccounts1764200000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'identity_accounts',
        columns: [
          // The token `sub`: a uuid that never changes, even if the username does.
          { name: 'id', type: t.id, length: '36', isPrimary: true },
          // Stored lower-cased, so "Alice" and "alice" are one account.
          { name: 'username', type: 'varchar', length: '64', isUnique: true },
          { name: 'display_name', type: 'varchar', length: '200' },
          { name: 'roles', type: 'text' },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'failed_attempts', type: 'integer', default: 0 },
          { name: 'locked_until', type: t.timestamp, isNullable: true },
          { name: 'disabled', type: 'boolean', default: false },
          { name: 'created_at', type: t.timestamp },
          { name: 'updated_at', type: t.timestamp },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_accounts', true);
  }
}
