import { outboxMigration } from '@tidings/platform/bus';
import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export const IntegrationsCreateOutbox = outboxMigration('integrations', 1765000000000);

/**
 * Incoming webhooks and the requests they accepted. A request row is written in the
 * transaction that publishes `integrations.webhook.received`: its unique (webhook,
 * idempotency key) is what makes a replayed `webhook-id` answer the original instead of
 * posting again, and its message id is what the status route looks up.
 */
export class IntegrationsCreateWebhooks1765000000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'integrations_webhooks',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'display_name', type: 'varchar', length: '80' },
          { name: 'avatar_url', type: 'varchar', length: '2000', isNullable: true },
          { name: 'auth_mode', type: 'varchar', length: '16' },
          /** JSON [{ id, name }]: the conversations it may post into, the first by default. */
          { name: 'targets', type: 'text' },
          /** url mode: the token's hash; standard / dingtalk: the secret sealed (AES-GCM). */
          { name: 'secret', type: 'text' },
          /** The secret before the last rotation, valid until previous_until_ms. */
          { name: 'previous_secret', type: 'text', isNullable: true },
          { name: 'previous_until_ms', type: t.bigint, isNullable: true },
          /** JSON array of CIDRs; empty: any address. */
          { name: 'ip_allowlist', type: 'text' },
          { name: 'created_by', type: 'varchar', length: '200' },
          { name: 'created_ms', type: t.bigint },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'integrations_webhook_messages',
        columns: [
          { name: 'message_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'webhook_id', type: 'varchar', length: '64' },
          { name: 'idempotency_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'body_hash', type: 'varchar', length: '64' },
          { name: 'conversation_id', type: 'varchar', length: '64' },
          { name: 'created_ms', type: t.bigint },
        ],
        indices: [
          // NULL keys are distinct on both databases: requests without a key never collide.
          {
            name: 'integrations_webhook_messages_key',
            columnNames: ['webhook_id', 'idempotency_key'],
            isUnique: true,
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('integrations_webhook_messages', true);
    await queryRunner.dropTable('integrations_webhooks', true);
  }
}
