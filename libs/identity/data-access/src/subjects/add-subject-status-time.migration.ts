import { columnTypes } from '@tidings/platform/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `status_changed_ms`: the event time of the newest directory deactivation / reactivation
 * applied to a subject, so a stale one (redelivered, or handled late by the other consumer
 * group) is recognised. Null for every existing row: nothing applied yet, anything is newer.
 *
 * Plain `ALTER TABLE … ADD COLUMN` on both databases rather than the Table API: on SQLite
 * TypeORM would rebuild the table (copy, drop, rename), and `identity_api_tokens` references
 * this one.
 */
export class IdentityAddSubjectStatusTime1764500000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.query(
      `ALTER TABLE identity_subjects ADD COLUMN status_changed_ms ${t.bigint} NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE identity_subjects DROP COLUMN status_changed_ms`);
  }
}
