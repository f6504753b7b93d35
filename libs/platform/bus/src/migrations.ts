import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columnTypes, type MigrationClass } from '@tidings/platform/persistence';
import { outboxTable } from './outbox/outbox';

/** The memory transport's durable log and the consumer positions and dedupe marks. */
export class PlatformCreateBusTables1764100000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    const t = columnTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'platform_bus_log',
        columns: [
          {
            name: 'id',
            type: t.bigIncrement,
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'topic', type: 'varchar', length: '200' },
          { name: 'partition_no', type: 'integer' },
          { name: 'record_key', type: 'varchar', length: '200' },
          { name: 'record_value', type: 'text' },
          { name: 'headers', type: 'text' },
          { name: 'created_ms', type: t.bigint },
        ],
        indices: [{ name: 'platform_bus_log_read', columnNames: ['topic', 'partition_no', 'id'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'platform_bus_offsets',
        columns: [
          { name: 'group_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'topic', type: 'varchar', length: '200', isPrimary: true },
          { name: 'partition_no', type: 'integer', isPrimary: true },
          { name: 'position', type: t.bigint },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'platform_processed_events',
        columns: [
          { name: 'consumer_group', type: 'varchar', length: '200', isPrimary: true },
          { name: 'event_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'processed_ms', type: t.bigint },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('platform_processed_events', true);
    await queryRunner.dropTable('platform_bus_offsets', true);
    await queryRunner.dropTable('platform_bus_log', true);
  }
}

/**
 * The outbox table of one service (`<service>_outbox`). Each service lists
 * `outboxMigration('<service>', <timestamp>)` among its migrations.
 */
export function outboxMigration(service: string, timestamp: number): MigrationClass {
  const table = outboxTable(service);
  const name = `${service.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}CreateOutbox${timestamp}`;
  const migration = class implements MigrationInterface {
    name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      const t = columnTypes(queryRunner);
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [
            {
              name: 'id',
              type: t.bigIncrement,
              isPrimary: true,
              isGenerated: true,
              generationStrategy: 'increment',
            },
            { name: 'event_id', type: 'varchar', length: '36', isUnique: true },
            { name: 'topic', type: 'varchar', length: '200' },
            { name: 'event_key', type: 'varchar', length: '200' },
            { name: 'event_type', type: 'varchar', length: '200' },
            { name: 'event_version', type: 'integer' },
            { name: 'envelope', type: 'text' },
            { name: 'created_ms', type: t.bigint },
            { name: 'published_ms', type: t.bigint, isNullable: true },
          ],
        }),
        true,
      );
      await queryRunner.createIndex(
        table,
        new TableIndex({ name: `${table}_unpublished`, columnNames: ['published_ms', 'id'] }),
      );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.dropTable(table, true);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}
