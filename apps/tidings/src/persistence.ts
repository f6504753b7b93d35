import { platformPersistence, type PersistenceOptions } from '@tidings/platform/persistence';

/**
 * Tables and migrations of every module this host mounts. Each service adds its own here as
 * it lands; they share one database file (embedded) but own disjoint, prefixed tables.
 */
export function hostPersistence(url: string): PersistenceOptions {
  const parts = [platformPersistence];
  return {
    url,
    entities: parts.flatMap((p) => p.entities),
    migrations: parts.flatMap((p) => p.migrations),
  };
}
