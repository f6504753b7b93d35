// A process that commits state changes through the outbox while a deduping consumer observes
// their events — the crash test (crash.int.spec.ts) SIGKILLs it at a random moment and runs it
// again. Run as: node crash-child.mjs <DATABASE_URL> <KAFKA_BROKERS|-> <topic> <total>
import 'reflect-metadata';
import { defineEvent } from '@tidings/contracts';
import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { z } from 'zod';
import { dedupe } from '../dedupe';
import { BusStack } from '../bus-stack';
import { PlatformCreateBusTables1764100000000, outboxMigration } from '../migrations';
import { KafkaTransport } from '../transports/kafka.transport';
import { MemoryTransport } from '../transports/memory.transport';

class CrashtestCreateTables1764100000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'crashtest_items',
        columns: [{ name: 'id', type: 'integer', isPrimary: true }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'crashtest_observed',
        columns: [
          { name: 'event_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'item_id', type: 'integer' },
        ],
      }),
      true,
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('crashtest_observed', true);
    await queryRunner.dropTable('crashtest_items', true);
  }
}

const [url, brokers, topic, totalText] = process.argv.slice(2);
if (!url || !brokers || !topic || !totalText)
  throw new Error('usage: crash-child <db> <brokers|-> <topic> <total>');
const total = Number(totalText);
const itemCreated = defineEvent({
  type: `${topic}.item.created`,
  version: 1,
  topic,
  description: 'crash test item',
  schema: z.object({ itemId: z.number().int() }),
});

const { dataSource } = await openDatabase({
  url,
  entities: platformPersistence.entities,
  migrations: [
    ...platformPersistence.migrations,
    PlatformCreateBusTables1764100000000,
    outboxMigration('crashtest', 1764100000001),
    CrashtestCreateTables1764100000002,
  ],
});
const transport =
  brokers === '-'
    ? new MemoryTransport(dataSource, { partitions: 3 })
    : new KafkaTransport({
        brokers: brokers.split(','),
        clientId: 'crashtest',
        partitions: 3,
        sessionTimeoutMs: 6000,
      });
const stack = new BusStack({
  dataSource,
  transport,
  services: ['crashtest'],
  relay: { idleMs: 20 },
});
const runner = stack.runnerFor('crashtest');
const bus = stack.bus;
const insertObserved =
  dataSource.options.type === 'postgres'
    ? 'INSERT INTO crashtest_observed (event_id, item_id) VALUES ($1, $2)'
    : 'INSERT INTO crashtest_observed (event_id, item_id) VALUES (?, ?)';
await bus.subscribe(
  'crashtest-observer',
  [topic],
  dedupe(dataSource, 'crashtest-observer', async (event, manager) => {
    await manager.query(insertObserved, [event.id, (event.data as { itemId: number }).itemId]);
  }),
);
stack.start();

const [{ last }] = await dataSource.query('SELECT MAX(id) AS last FROM crashtest_items');
const insertItem =
  dataSource.options.type === 'postgres'
    ? 'INSERT INTO crashtest_items (id) VALUES ($1)'
    : 'INSERT INTO crashtest_items (id) VALUES (?)';
for (let id = Number(last ?? 0) + 1; id <= total; id++) {
  await runner.run(async (tx) => {
    await tx.manager.query(insertItem, [id]);
    tx.publish(itemCreated, {
      key: `item-${id % 7}`,
      actor: { kind: 'system', id: 'crash' },
      data: { itemId: id },
    });
  });
  if (id % 100 === 0) process.stdout.write(`committed ${id}\n`);
}
process.stdout.write('all committed\n');
for (;;) {
  const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM crashtest_observed');
  if (Number(n) >= total) break;
  await new Promise((r) => setTimeout(r, 50));
}
process.stdout.write('all observed\n');
await stack.stop();
await dataSource.destroy();
process.exit(0);
