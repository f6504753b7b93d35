import {
  PresenceCreateHolders1764800000200,
  PresenceCreateOutbox,
  PresenceCreateTables1764800000100,
} from './migrations';

export {
  PresenceCreateHolders1764800000200,
  PresenceCreateOutbox,
  PresenceCreateTables1764800000100,
};
export {
  presenceRepository,
  type ConnectionRecord,
  type PresenceRepository,
  type StoredPresence,
} from './presence.repository';
export type { Db } from '@tidings/platform/persistence';

/** Presence's migrations (its repository speaks SQL; no entities). */
export const presencePersistence = {
  entities: [],
  migrations: [
    PresenceCreateOutbox,
    PresenceCreateTables1764800000100,
    PresenceCreateHolders1764800000200,
  ],
};
