import { outboxMigration } from '@tidings/platform/bus';
import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The gateway's delivery store: what the fan-out wrote for each user, kept for the retention
 * window so a reconnecting device can resume (docs/realtime.md, _Resume_).
 *
 * - `gateway_events`: one row per bus event, its payload serialized once as JSON text.
 *   `source_event_id` is the envelope id, unique: a redelivered event is not fanned out twice.
 * - `gateway_user_events`: one row per (user, seq) pointing at the payload — the user's
 *   stream, read in seq order on resume.
 * - `gateway_user_seqs`: each user's newest seq. The fan-out moves it under the row's lock,
 *   so concurrent fan-out workers (several processes in one consumer group) never hand out the
 *   same seq twice, and seqs commit in order per user.
 */
export class GatewayCreateDeliveryStore1764800000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'gateway_events',
        columns: [
          {
            name: 'id',
            type: t.bigIncrement,
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'source_event_id', type: 'varchar', length: '64' },
          { name: 'event_type', type: 'varchar', length: '120' },
          /** The event's `data`, JSON text exactly as it goes into the frame. */
          { name: 'payload', type: 'text' },
          { name: 'occurred_ms', type: t.bigint },
          { name: 'created_ms', type: t.bigint },
        ],
        uniques: [{ name: 'gateway_events_source', columnNames: ['source_event_id'] }],
        indices: [{ name: 'gateway_events_created', columnNames: ['created_ms'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'gateway_user_events',
        columns: [
          { name: 'user_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'seq', type: t.bigint, isPrimary: true },
          { name: 'event_id', type: t.bigint },
          { name: 'created_ms', type: t.bigint },
        ],
        indices: [
          // Pruning payloads asks "does any user still hold it?".
          { name: 'gateway_user_events_event', columnNames: ['event_id'] },
          { name: 'gateway_user_events_created', columnNames: ['created_ms'] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'gateway_user_seqs',
        columns: [
          { name: 'user_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'last_seq', type: t.bigint },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('gateway_user_seqs', true);
    await queryRunner.dropTable('gateway_user_events', true);
    await queryRunner.dropTable('gateway_events', true);
  }
}

/**
 * `gateway_outbox`: in distributed mode the fan-out writes a delivery record here in the
 * transaction that stores the events, and the relay publishes it on the `gateway` topic for
 * every gateway process (docs/realtime.md, _Several gateway processes_).
 */
export const GatewayCreateOutbox = outboxMigration('gateway', 1764900000000);

/** The gateway's tables, for hosts that mount it (apps/tidings/src/persistence.ts). */
export const gatewayPersistence = {
  entities: [],
  migrations: [GatewayCreateDeliveryStore1764800000000, GatewayCreateOutbox],
};
