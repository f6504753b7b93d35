import { columnTypes } from '@tidings/platform/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of the delivery log and of incoming webhooks' idempotency rows
 * (INTEGRATIONS_DELIVERY_RETENTION_DAYS, INTEGRATIONS_IDEMPOTENCY_RETENTION_DAYS).
 *
 * `integrations_deliveries.finished_ms`: when the delivery last became `succeeded` or `dead`
 * (NULL while unfinished; a replay clears it). A dead delivery has no other time of its death —
 * a 410 kills deliveries that were never tried — so the age pruning goes by is kept here.
 * Existing finished rows get the best time there is: their success, else the end of their last
 * try, else their creation. Each pruning cut reads an index (`finished_ms`, `created_ms`).
 * Plain ALTER TABLE on both databases (TypeORM's addColumn would copy the table on SQLite).
 */
export class IntegrationsDeliveryRetention1765000000300 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const { bigint } = columnTypes(queryRunner);
    await queryRunner.query(`ALTER TABLE integrations_deliveries ADD COLUMN finished_ms ${bigint}`);
    await queryRunner.query(
      `UPDATE integrations_deliveries SET finished_ms = COALESCE(succeeded_ms,
         (SELECT MAX(a.started_ms + a.latency_ms) FROM integrations_delivery_attempts a
          WHERE a.delivery_id = integrations_deliveries.id), created_ms)
       WHERE status IN ('succeeded', 'dead')`,
    );
    await queryRunner.query(
      `CREATE INDEX integrations_deliveries_finished ON integrations_deliveries (finished_ms)`,
    );
    await queryRunner.query(
      `CREATE INDEX integrations_webhook_messages_created
         ON integrations_webhook_messages (created_ms)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX integrations_webhook_messages_created`);
    await queryRunner.query(`DROP INDEX integrations_deliveries_finished`);
    await queryRunner.query(`ALTER TABLE integrations_deliveries DROP COLUMN finished_ms`);
  }
}
