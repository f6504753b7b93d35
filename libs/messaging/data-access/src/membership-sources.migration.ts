import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Channels whose membership follows the directory: a directory group or a department
 * subtree. Messaging keeps its own projection of group membership (fed by
 * `directory.group.membership.changed`) and of each person's department path (from the user
 * events) — it never reads the directory's tables (DESIGN §2).
 *
 * Columns are added with plain ALTER TABLE (see the threads migration for why).
 */
export class MessagingMembershipSources1764600002100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    for (const column of [
      /** The department path, root first, as JSON (`["研发中心","平台部"]`); NULL: none known. */
      'org_unit_path text NULL',
      /** departmentKey(path): a department's people are those whose key starts with its key. */
      'org_unit_key text NULL',
    ])
      await queryRunner.query(`ALTER TABLE messaging_users ADD COLUMN ${column}`);
    for (const column of [
      /** At most one source: a directory group … */
      'directory_group_id varchar(64) NULL',
      /** … or a department (its id for display, its path and key for matching). */
      'department_id varchar(64) NULL',
      'department_path text NULL',
      'department_key varchar(1000) NULL',
    ])
      await queryRunner.query(`ALTER TABLE messaging_conversations ADD COLUMN ${column}`);
    // A group's change, or a person's department, finds the channels that follow it.
    await queryRunner.query(
      'CREATE INDEX messaging_conversations_group ON messaging_conversations (directory_group_id)',
    );
    await queryRunner.query(
      'CREATE INDEX messaging_conversations_department ON messaging_conversations (department_key)',
    );

    await queryRunner.createTable(
      new Table({
        name: 'messaging_directory_groups',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'name', type: 'varchar', length: '400' },
          /** The directory removed the group: mapped channels keep their owners and admins only. */
          { name: 'removed', type: 'boolean' },
          { name: 'changed_ms', type: t.bigint },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'messaging_directory_group_members',
        columns: [
          { name: 'group_id', type: 'varchar', length: '64', isPrimary: true },
          /** A directory user id: what messaging_users and memberships are keyed by. */
          { name: 'user_id', type: 'varchar', length: '64', isPrimary: true },
        ],
        indices: [{ name: 'messaging_directory_group_members_user', columnNames: ['user_id'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('messaging_directory_group_members', true);
    await queryRunner.dropTable('messaging_directory_groups', true);
    await queryRunner.query('DROP INDEX IF EXISTS messaging_conversations_department');
    await queryRunner.query('DROP INDEX IF EXISTS messaging_conversations_group');
    for (const column of [
      'department_key',
      'department_path',
      'department_id',
      'directory_group_id',
    ])
      await queryRunner.query(`ALTER TABLE messaging_conversations DROP COLUMN ${column}`);
    for (const column of ['org_unit_key', 'org_unit_path'])
      await queryRunner.query(`ALTER TABLE messaging_users DROP COLUMN ${column}`);
  }
}
