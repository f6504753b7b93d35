import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * LDAP settings stored through the admin API: one row (id `ldap`, enforced by a check), the
 * non-secret values as JSON, and the bind password sealed with AES-256-GCM — never in plain.
 */
export class DirectoryCreateLdapSettings1764300000500 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'directory_ldap_settings',
        columns: [
          { name: 'id', type: 'varchar', length: '16', isPrimary: true },
          /** The API layer: only the fields an administrator set (JSON). */
          { name: 'settings', type: 'text' },
          { name: 'bind_password_sealed', type: 'text', isNullable: true },
          /** Which key sealed it, so a rotation can find what to re-seal. */
          { name: 'bind_password_key_id', type: 'varchar', length: '64', isNullable: true },
          /** The server and account the password was given for; it goes nowhere else. */
          { name: 'bind_password_url', type: 'varchar', length: '1000', isNullable: true },
          { name: 'bind_password_bind_dn', type: 'varchar', length: '1000', isNullable: true },
          { name: 'revision', type: 'integer' },
          { name: 'updated_ms', type: t.bigint, isNullable: true },
          { name: 'updated_by', type: 'varchar', length: '200', isNullable: true },
        ],
        checks: [{ name: 'directory_ldap_settings_single_row', expression: "id = 'ldap'" }],
      }),
      true,
    );
    // The row exists from the start, so every save is a compare-and-set UPDATE on revision.
    await queryRunner.query(
      "INSERT INTO directory_ldap_settings (id, settings, revision) VALUES ('ldap', '{}', 0)",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('directory_ldap_settings', true);
  }
}
