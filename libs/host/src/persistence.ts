import { PlatformCreateBusTables1764100000000 } from '@tidings/platform/bus';
import { auditPersistence } from '@tidings/audit/data-access';
import { directoryPersistence } from '@tidings/directory/data-access';
import { gatewayPersistence } from '@tidings/gateway/data-access';
import { identityAccessPersistence, issuerPersistence } from '@tidings/identity/data-access';
import { integrationsPersistence } from '@tidings/integrations/data-access';
import { messagingPersistence } from '@tidings/messaging/data-access';
import { presencePersistence } from '@tidings/presence/data-access';
import { platformPersistence, type PersistenceOptions } from '@tidings/platform/persistence';

/**
 * Tables and migrations of every module this host mounts (platform, bus, then services). Each service adds its own here as
 * it lands; they share one database file (embedded) but own disjoint, prefixed tables.
 */
export function hostPersistence(url: string): PersistenceOptions {
  const bus = { entities: [], migrations: [PlatformCreateBusTables1764100000000] };
  const parts: Array<Pick<PersistenceOptions, 'entities' | 'migrations'>> = [
    platformPersistence,
    bus,
    identityAccessPersistence,
    directoryPersistence,
    issuerPersistence,
    messagingPersistence,
    presencePersistence,
    gatewayPersistence,
    integrationsPersistence,
    auditPersistence,
  ];
  return {
    url,
    entities: parts.flatMap((p) => p.entities),
    migrations: parts.flatMap((p) => p.migrations),
  };
}
