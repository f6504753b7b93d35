import { outboxMigration } from '@tidings/platform/bus';
import { columnTypes } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export const PresenceCreateOutbox = outboxMigration('presence', 1764800000000);

/**
 * Presence is stored, not only held in memory, so a restart keeps what people chose (DND and
 * its end, custom status), when they were last seen, what was last published (so a restart
 * publishes only real changes) and — for a presence process restarting under gateways that
 * keep running — which connections are open.
 */
export class PresenceCreateTables1764800000100 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    const ms = (name: string, nullable = true) => ({ name, type: t.bigint, isNullable: nullable });
    await queryRunner.createTable(
      new Table({
        name: 'presence_users',
        columns: [
          { name: 'user_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'chosen', type: 'varchar', length: '8' },
          ms('dnd_until_ms'),
          { name: 'status_text', type: 'varchar', length: '400', isNullable: true },
          { name: 'status_emoji', type: 'varchar', length: '64', isNullable: true },
          ms('status_expires_ms'),
          ms('last_seen_ms'),
          /** The view last published (JSON): an event is due only when the new one differs. */
          { name: 'published', type: 'text', isNullable: true },
          /** When the view next changes by time alone; re-armed at boot. */
          ms('next_deadline_ms'),
          ms('updated_ms', false),
        ],
        indices: [{ name: 'presence_users_deadline', columnNames: ['next_deadline_ms'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'presence_connections',
        columns: [
          { name: 'connection_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '200' },
          /** The process holding the socket; its rows are swept when it is known gone. */
          { name: 'holder', type: 'varchar', length: '64' },
          { name: 'activity', type: 'varchar', length: '8' },
          ms('connected_ms', false),
          ms('changed_ms', false),
        ],
        indices: [
          { name: 'presence_connections_user', columnNames: ['user_id'] },
          { name: 'presence_connections_holder', columnNames: ['holder'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('presence_connections', true);
    await queryRunner.dropTable('presence_users', true);
  }
}

/**
 * Gateway processes in other processes (distributed mode) hold sockets presence cannot see
 * die: each renews a lease by heartbeat, and a holder whose lease ran out is swept. Stored, so
 * a presence restart tells a leased gateway still running (kept, one more lease to be heard
 * from) from a holder without a lease — a previous run of an in-process gateway — swept at once.
 */
export class PresenceCreateHolders1764800000200 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'presence_holders',
        columns: [
          { name: 'holder', type: 'varchar', length: '64', isPrimary: true },
          /** The lease the holder asked for: a restart extends each by this much. */
          { name: 'lease_ms', type: t.bigint },
          { name: 'expires_ms', type: t.bigint },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('presence_holders', true);
  }
}
