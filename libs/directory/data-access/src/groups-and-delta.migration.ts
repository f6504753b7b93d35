import { columnTypes } from '@tidings/platform/persistence';
import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Groups with their resolved membership, the delta sync's high-water mark, the cross-process
 * sync lease, and the mode (full/delta) of each sync run.
 */
export class DirectoryCreateGroupsAndSyncState1764300000300 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'directory_groups',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'source', type: 'varchar', length: '16' },
          { name: 'external_id', type: 'varchar', length: '200', isNullable: true },
          { name: 'dn', type: 'varchar', length: '1000', isNullable: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'member_count', type: 'integer' },
          /** Hash of the sorted resolved member ids: an unchanged group is known without reading its members. */
          { name: 'members_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_ms', type: t.bigint },
          { name: 'updated_ms', type: t.bigint },
        ],
        uniques: [
          { name: 'directory_groups_source_external', columnNames: ['source', 'external_id'] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'directory_group_members',
        columns: [
          { name: 'group_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'direct', type: 'boolean' },
        ],
        foreignKeys: [
          {
            columnNames: ['group_id'],
            referencedTableName: 'directory_groups',
            referencedColumnNames: ['id'],
          },
          {
            columnNames: ['user_id'],
            referencedTableName: 'directory_users',
            referencedColumnNames: ['id'],
          },
        ],
        // "Which groups is this person in?" reads by user.
        indices: [{ name: 'directory_group_members_user', columnNames: ['user_id'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'directory_group_children',
        columns: [
          { name: 'group_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'child_id', type: 'varchar', length: '36', isPrimary: true },
        ],
        foreignKeys: [
          {
            columnNames: ['group_id'],
            referencedTableName: 'directory_groups',
            referencedColumnNames: ['id'],
          },
          {
            columnNames: ['child_id'],
            referencedTableName: 'directory_groups',
            referencedColumnNames: ['id'],
          },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'directory_sync_state',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'text', isNullable: true },
          { name: 'updated_ms', type: t.bigint },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'directory_sync_lock',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'holder', type: 'varchar', length: '64', isNullable: true },
          { name: 'expires_ms', type: t.bigint },
        ],
      }),
      true,
    );
    await queryRunner.addColumn(
      'directory_sync_runs',
      new TableColumn({ name: 'mode', type: 'varchar', length: '8', default: "'full'" }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('directory_sync_runs', 'mode');
    await queryRunner.dropTable('directory_sync_lock', true);
    await queryRunner.dropTable('directory_sync_state', true);
    await queryRunner.dropTable('directory_group_children', true);
    await queryRunner.dropTable('directory_group_members', true);
    await queryRunner.dropTable('directory_groups', true);
  }
}
