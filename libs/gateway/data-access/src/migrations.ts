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

/**
 * The fan-out writes ten-odd user rows per event, so each index on them is paid for on every
 * message (realtime bench: the user rows were a tenth of the host's CPU at 1,000 msg/s).
 *
 * - `gateway_user_events` loses its `created_ms` index: the age cut finds its place through
 *   `event_id` instead (payload ids grow with time), and that index is needed anyway.
 * - On SQLite both per-user tables become WITHOUT ROWID, clustered on their primary key: a
 *   row is written into one b-tree, not a rowid table plus the key's index. (PostgreSQL keeps
 *   its heap; dropping the index is its part.)
 */
export class GatewaySlimUserRows1764800000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP INDEX IF EXISTS gateway_user_events_created');
      return;
    }
    await rebuild(queryRunner, 'gateway_user_events', USER_EVENTS_COLUMNS, 'WITHOUT ROWID');
    await queryRunner.query(
      'CREATE INDEX gateway_user_events_event ON gateway_user_events (event_id)',
    );
    await rebuild(queryRunner, 'gateway_user_seqs', USER_SEQS_COLUMNS, 'WITHOUT ROWID');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') {
      await rebuild(queryRunner, 'gateway_user_events', USER_EVENTS_COLUMNS, '');
      await queryRunner.query(
        'CREATE INDEX gateway_user_events_event ON gateway_user_events (event_id)',
      );
      await rebuild(queryRunner, 'gateway_user_seqs', USER_SEQS_COLUMNS, '');
    }
    await queryRunner.query(
      'CREATE INDEX gateway_user_events_created ON gateway_user_events (created_ms)',
    );
  }
}

const USER_EVENTS_COLUMNS = `user_id varchar(64) NOT NULL, seq bigint NOT NULL,
  event_id bigint NOT NULL, created_ms bigint NOT NULL, PRIMARY KEY (user_id, seq)`;
const USER_SEQS_COLUMNS = 'user_id varchar(64) NOT NULL PRIMARY KEY, last_seq bigint NOT NULL';

/** SQLite cannot change a table's storage in place: copy it into a new one. */
async function rebuild(queryRunner: QueryRunner, table: string, columns: string, options: string) {
  await queryRunner.query(`CREATE TABLE ${table}_new (${columns}) ${options}`);
  await queryRunner.query(`INSERT INTO ${table}_new SELECT * FROM ${table}`);
  await queryRunner.query(`DROP TABLE ${table}`);
  await queryRunner.query(`ALTER TABLE ${table}_new RENAME TO ${table}`);
}

/** The gateway's tables, for hosts that mount it (libs/host/src/persistence.ts). */
export const gatewayPersistence = {
  entities: [],
  migrations: [
    GatewayCreateDeliveryStore1764800000000,
    GatewaySlimUserRows1764800000100,
    GatewayCreateOutbox,
  ],
};
