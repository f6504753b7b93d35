export {
  parseDatabaseUrl,
  redactDatabaseUrl,
  type DatabaseKind,
  type DatabaseTarget,
} from './database-url';
export { columnTypes, dialectOf } from './column-types';
export { serializeSqliteAccess } from './sqlite-serial';
export { chunk, int, intOrNull, isUniqueViolation, Sql, type Db } from './sql';
export {
  createDataSource,
  kindOf,
  openDatabase,
  pendingMigrations,
  pingDatabase,
  MIGRATIONS_TABLE,
  type MigrationClass,
  type OpenedDatabase,
  type PersistenceOptions,
} from './data-source';
export type { SettingsRepository } from './settings/settings.repository';
export { TypeOrmSettingsRepository } from './settings/typeorm-settings.repository';
export { SettingEntity } from './settings/settings.entity';
export { PlatformCreateSettings1764000000000 } from './settings/create-settings.migration';

import { PlatformCreateSettings1764000000000 } from './settings/create-settings.migration';
import { SettingEntity } from './settings/settings.entity';

/** The platform's own tables, mounted by every host alongside the services'. */
export const platformPersistence = {
  entities: [SettingEntity],
  migrations: [PlatformCreateSettings1764000000000],
};
export { DatabaseModule, DATA_SOURCE } from './database.module';
