import {
  openDatabase,
  platformPersistence,
  type PersistenceOptions,
} from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { BusStack } from './bus-stack';
import { PlatformCreateBusTables1764100000000 } from './migrations';
import { MemoryTransport } from './transports/memory.transport';

export type ServicePersistence = Pick<PersistenceOptions, 'entities' | 'migrations'>;

export interface ServiceDatabase {
  dataSource: DataSource;
  stack: BusStack;
  close(): Promise<void>;
}

/**
 * One service's tables on a database, migrated, with the platform's tables and an in-process
 * bus (memory transport, relay running) — the embedded host's wiring without HTTP, for
 * integration harnesses, benchmarks and one-off tools.
 */
export async function openServiceDatabase(options: {
  url: string;
  service: string;
  persistence: ServicePersistence;
  partitions?: number;
}): Promise<ServiceDatabase> {
  const { dataSource } = await openDatabase({
    url: options.url,
    entities: [...platformPersistence.entities, ...options.persistence.entities],
    migrations: [
      ...platformPersistence.migrations,
      PlatformCreateBusTables1764100000000,
      ...options.persistence.migrations,
    ],
  });
  const stack = new BusStack({
    dataSource,
    transport: new MemoryTransport(dataSource, { partitions: options.partitions ?? 3 }),
    services: [options.service],
  });
  stack.start();
  return {
    dataSource,
    stack,
    close: async () => {
      await stack.stop();
      await dataSource.destroy();
    },
  };
}
