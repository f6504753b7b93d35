import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Export jobs (docs/compliance.md, "Exports"): the job's state and progress, and where its
 * archive lies. Not part of the trail — a job row changes as it runs; what a compliance user
 * exported is recorded in the trail itself (`audit.export.started` / `.completed`).
 */
export class AuditCreateExportJobs1765100002000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_export_jobs',
        columns: [
          /** uuid v7: newest last in id order, which the list pages by. */
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'format', type: 'varchar', length: '8' },
          /** The normalized filters, JSON. */
          { name: 'filters', type: 'text' },
          { name: 'progress_records', type: t.bigint, default: 0 },
          { name: 'progress_total', type: t.bigint, isNullable: true },
          { name: 'created_by_kind', type: 'varchar', length: '32' },
          { name: 'created_by_id', type: 'varchar', length: '200' },
          { name: 'created_ms', type: t.bigint },
          { name: 'finished_ms', type: t.bigint, isNullable: true },
          { name: 'error', type: 'text', isNullable: true },
          { name: 'record_count', type: t.bigint, isNullable: true },
          { name: 'archive_path', type: 'text', isNullable: true },
          { name: 'archive_bytes', type: t.bigint, isNullable: true },
          { name: 'archive_sha256', type: 'varchar', length: '64', isNullable: true },
        ],
        indices: [{ name: 'audit_export_jobs_status', columnNames: ['status'] }],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_export_jobs', true);
  }
}
