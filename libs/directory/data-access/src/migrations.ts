import { outboxMigration } from '@tidings/platform/bus';
import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export const DirectoryCreateOutbox = outboxMigration('directory', 1764300000000);

/** People, the department tree and sync runs (groups and memberships come with group sync). */
export class DirectoryCreateUsersAndOrgUnits1764300000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'directory_org_units',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'parent_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'name', type: 'varchar', length: '200' },
          /** Names from the root, joined by `/` — unique: one unit per place in the tree. */
          { name: 'path_key', type: 'varchar', length: '1000', isUnique: true },
          { name: 'depth', type: 'integer' },
          { name: 'created_ms', type: t.bigint },
        ],
        foreignKeys: [
          {
            columnNames: ['parent_id'],
            referencedTableName: 'directory_org_units',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [{ name: 'directory_org_units_parent', columnNames: ['parent_id'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'directory_users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'external_id', type: 'varchar', length: '200', isNullable: true },
          { name: 'dn', type: 'varchar', length: '1000', isNullable: true },
          { name: 'username', type: 'varchar', length: '200', isUnique: true },
          { name: 'display_name', type: 'varchar', length: '200' },
          { name: 'email', type: 'varchar', length: '320', isNullable: true },
          { name: 'phone', type: 'varchar', length: '64', isNullable: true },
          { name: 'title', type: 'varchar', length: '200', isNullable: true },
          { name: 'employee_number', type: 'varchar', length: '64', isNullable: true },
          { name: 'department', type: 'varchar', length: '200', isNullable: true },
          { name: 'org_unit_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'created_ms', type: t.bigint },
          { name: 'updated_ms', type: t.bigint },
        ],
        uniques: [
          { name: 'directory_users_source_external', columnNames: ['source', 'external_id'] },
        ],
        foreignKeys: [
          {
            columnNames: ['org_unit_id'],
            referencedTableName: 'directory_org_units',
            referencedColumnNames: ['id'],
          },
        ],
        indices: [{ name: 'directory_users_org_unit', columnNames: ['org_unit_id'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'directory_sync_runs',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'dry_run', type: 'boolean' },
          { name: 'trigger', type: 'varchar', length: '16' },
          { name: 'started_ms', type: t.bigint },
          { name: 'finished_ms', type: t.bigint, isNullable: true },
          { name: 'counts', type: 'text' },
          { name: 'errors', type: 'text' },
          { name: 'reason', type: 'text', isNullable: true },
        ],
        indices: [{ name: 'directory_sync_runs_started', columnNames: ['started_ms'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('directory_sync_runs', true);
    await queryRunner.dropTable('directory_users', true);
    await queryRunner.dropTable('directory_org_units', true);
  }
}
