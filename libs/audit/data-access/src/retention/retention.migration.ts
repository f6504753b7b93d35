import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Retention policies and legal holds (docs/compliance.md "Retention and legal hold"). Unlike
 * the trail these rows change and go: their history is in the trail itself
 * (`retention.policy.changed`, `legal_hold.changed`), recorded with every change.
 */
export class AuditRetention1765100003000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_retention_policies',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          /** `kind:<kind>` or `conversation:<id>`: one policy per scope. */
          { name: 'scope_key', type: 'varchar', length: '100' },
          { name: 'conversation_kind', type: 'varchar', length: '16', isNullable: true },
          { name: 'conversation_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'delete_after_days', type: 'integer' },
          { name: 'created_by', type: 'varchar', length: '200' },
          { name: 'created_ms', type: t.bigint },
        ],
        uniques: [{ name: 'audit_retention_policies_scope', columnNames: ['scope_key'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_legal_holds',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          /** Exactly one of user_id and conversation_id is set. */
          { name: 'user_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'conversation_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'reason', type: 'text' },
          { name: 'created_by', type: 'varchar', length: '200' },
          { name: 'created_ms', type: t.bigint },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_legal_holds', true);
    await queryRunner.dropTable('audit_retention_policies', true);
  }
}
