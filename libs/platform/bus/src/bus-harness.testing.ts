import { randomBytes } from 'node:crypto';
import { defineEvent, type EventContract } from '@tidings/contracts';
import {
  createTestDatabase,
  type DatabaseFlavour,
  type TestDatabase,
} from '@tidings/platform/testing';
import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { BusStack } from './bus-stack';
import type { EventBus, RetryPolicy } from './event-bus';
import { BusMetrics } from './metrics';
import { PlatformCreateBusTables1764100000000, outboxMigration } from './migrations';
import type { OutboxRelay } from './outbox/relay';
import type { OutboxTransactionRunner } from './outbox/transaction-runner';
import type { Transport } from './transport';
import { KafkaTransport } from './transports/kafka.transport';
import { MemoryTransport } from './transports/memory.transport';

export type TransportFlavour = 'memory' | 'kafka';

/** A topic name unique to this run (Kafka keeps topics across runs), letters only. */
export function uniqueTopic(prefix = 'bt'): string {
  const letters = [...randomBytes(8)].map((b) => String.fromCharCode(97 + (b % 26))).join('');
  return `${prefix}${letters}`;
}

export const itemSchema = z.object({ seq: z.number().int(), label: z.string().optional() });

export function itemChanged(topic: string): EventContract<typeof itemSchema> {
  return defineEvent({
    type: `${topic}.item.changed`,
    version: 1,
    topic,
    description: 'test event',
    schema: itemSchema,
  });
}

export function kafkaBrokers(): string[] {
  const brokers = inject('kafkaBrokers');
  if (!brokers) throw new Error('the integration global setup did not start Kafka');
  return brokers.split(',');
}

export interface BusHarness {
  dataSource: DataSource;
  transport: Transport;
  bus: EventBus;
  relay: OutboxRelay;
  runner: OutboxTransactionRunner;
  metrics: BusMetrics;
  registry: Registry;
  close(): Promise<void>;
}

export const TEST_SERVICE = 'bustest';

/**
 * A database with the bus tables and a `bustest_outbox`, a transport, a bus and a running
 * relay: the full outbox → relay → transport → consumer path, nothing faked.
 */
export async function createBusHarness(
  transport: TransportFlavour,
  database: DatabaseFlavour,
  retry: Partial<RetryPolicy> = { initialBackoffMs: 20, maxBackoffMs: 100 },
): Promise<BusHarness> {
  const db: TestDatabase = await createTestDatabase(database);
  const { dataSource } = await openDatabase({
    url: db.url,
    entities: platformPersistence.entities,
    migrations: [
      ...platformPersistence.migrations,
      PlatformCreateBusTables1764100000000,
      outboxMigration(TEST_SERVICE, 1764100000001),
    ],
  });
  const t: Transport =
    transport === 'memory'
      ? new MemoryTransport(dataSource, { partitions: 3 })
      : new KafkaTransport({
          brokers: kafkaBrokers(),
          clientId: 'tidings-test',
          partitions: 3,
          sessionTimeoutMs: 6000,
        });
  const registry = new Registry();
  const stack = new BusStack({
    dataSource,
    transport: t,
    services: [TEST_SERVICE],
    retry,
    metrics: new BusMetrics(registry),
    relay: { idleMs: 50 },
  });
  stack.start();
  return {
    dataSource,
    transport: t,
    bus: stack.bus,
    relay: stack.relay,
    runner: stack.runnerFor(TEST_SERVICE),
    metrics: stack.metrics,
    registry,
    async close() {
      await stack.stop();
      await dataSource.destroy();
      await db.drop();
    },
  };
}

/** Resolves when `predicate` holds, polling; fails with `describe()` after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out: ${describe()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string | undefined;
  }
}
