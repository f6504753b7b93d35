import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Accounts whose password the directory checks (LDAP bind): `source` says where a password is
 * verified, and such accounts have no hash, so `password_hash` becomes nullable. Existing rows
 * are local accounts, which the column default makes them.
 *
 * Written with the Table API so one text serves both databases: PostgreSQL alters in place;
 * on SQLite TypeORM rebuilds the table (copy, drop, rename), which is safe here because no
 * other table references `identity_accounts`.
 */
export class IdentityAddAccountSource1764400000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'identity_accounts',
      new TableColumn({ name: 'source', type: 'varchar', length: '16', default: "'local'" }),
    );
    await setNullable(queryRunner, 'password_hash', true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Directory-checked accounts cannot exist without the column that says so; they are
    // recreated at their next LDAP sign-in once the migration is applied again.
    await queryRunner.query(`DELETE FROM identity_accounts WHERE password_hash IS NULL`);
    await setNullable(queryRunner, 'password_hash', false);
    await queryRunner.dropColumn('identity_accounts', 'source');
  }
}

/**
 * Changes only nullability, starting from the column as the database describes it: given a
 * freshly written column instead, PostgreSQL sees `varchar` ≠ `character varying` and TypeORM
 * drops and re-adds the column — every password hash would be lost.
 */
async function setNullable(queryRunner: QueryRunner, column: string, nullable: boolean) {
  const table = await queryRunner.getTable('identity_accounts');
  const current = table?.findColumnByName(column);
  if (!table || !current) throw new Error(`identity_accounts.${column} not found`);
  const changed = current.clone();
  changed.isNullable = nullable;
  await queryRunner.changeColumn(table, current, changed);
}
