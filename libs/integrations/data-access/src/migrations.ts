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

/**
 * Outgoing webhooks (docs/integrations-outgoing.md): subscriptions, the deliveries made for
 * them — one per (subscription, bus event), so a redelivered event creates nothing twice, its
 * id the stable `webhook-id` — and every try of each delivery (the delivery log).
 */
export class IntegrationsCreateSubscriptions1765000000200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'integrations_subscriptions',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'name', type: 'varchar', length: '100' },
          /** `http` (POST to url) or `socket` (over a bot's /connect WebSocket). */
          { name: 'mode', type: 'varchar', length: '16' },
          { name: 'url', type: 'varchar', length: '2000', isNullable: true },
          { name: 'bot_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'webhook_id', type: 'varchar', length: '64', isNullable: true },
          /** JSON array of event types and `prefix.*` patterns. */
          { name: 'events', type: 'text' },
          /** JSON { conversationIds?, triggerWords?, triggerAt?, mentionsOnly? }. */
          { name: 'filters', type: 'text' },
          /** 1: a delivery waits until the one before it succeeded or died. */
          { name: 'ordered', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'disabled_reason', type: 'varchar', length: '500', isNullable: true },
          /** The signing secret, sealed (AES-GCM); the previous one during a rotation. */
          { name: 'secret', type: 'text' },
          { name: 'previous_secret', type: 'text', isNullable: true },
          { name: 'previous_until_ms', type: t.bigint, isNullable: true },
          { name: 'created_by', type: 'varchar', length: '200' },
          { name: 'created_ms', type: t.bigint },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'integrations_deliveries',
        columns: [
          /** `msg_…`: the `webhook-id` of every try. */
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'subscription_id', type: 'varchar', length: '64' },
          { name: 'event_id', type: 'varchar', length: '64' },
          { name: 'event_type', type: 'varchar', length: '200' },
          /** The exact JSON every try sends. */
          { name: 'body', type: 'text' },
          /** pending | succeeded | failed (retrying) | dead */
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer' },
          /** Tries made before the current round (a replay starts a new round of the schedule). */
          { name: 'round_start', type: 'integer' },
          { name: 'next_attempt_ms', type: t.bigint, isNullable: true },
          /** Who is trying it now, until when: two dispatchers never try one delivery at once. */
          { name: 'lease_until_ms', type: t.bigint, isNullable: true },
          { name: 'last_status_code', type: 'integer', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '1000', isNullable: true },
          { name: 'created_ms', type: t.bigint },
          { name: 'succeeded_ms', type: t.bigint, isNullable: true },
        ],
        indices: [
          {
            name: 'integrations_deliveries_event',
            columnNames: ['subscription_id', 'event_id'],
            isUnique: true,
          },
          { name: 'integrations_deliveries_due', columnNames: ['status', 'next_attempt_ms'] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'integrations_delivery_attempts',
        columns: [
          { name: 'delivery_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'number', type: 'integer', isPrimary: true },
          { name: 'started_ms', type: t.bigint },
          /** JSON of the headers sent (the signature included: it is no secret). */
          { name: 'request_headers', type: 'text' },
          { name: 'status_code', type: 'integer', isNullable: true },
          { name: 'error', type: 'varchar', length: '1000', isNullable: true },
          { name: 'latency_ms', type: 'integer' },
          /** The first 2 KB of the answer. */
          { name: 'response_body', type: 'text', isNullable: true },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('integrations_delivery_attempts', true);
    await queryRunner.dropTable('integrations_deliveries', true);
    await queryRunner.dropTable('integrations_subscriptions', true);
  }
}
