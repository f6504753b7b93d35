export { withLdap, type LdapConnectionConfig } from './ldap/ldap-connection';
export { LdapReader, type LdapGroup, type LdapUser } from './ldap/ldap-reader';
export type {
  DirectoryUser,
  DirectoryUserPatch,
  DirectoryUserRepository,
  NewDirectoryUser,
  UserSource,
  UserStatus,
} from './users/directory-user';
export { DirectoryUserEntity } from './users/directory-user.entity';
export { TypeOrmDirectoryUserRepository } from './users/typeorm-directory-user.repository';
export { pathKey, type OrgUnit, type OrgUnitRepository } from './org-units/org-unit';
export { OrgUnitEntity, TypeOrmOrgUnitRepository } from './org-units/typeorm-org-unit.repository';
export {
  SyncRunEntity,
  TypeOrmSyncRunRepository,
  type SyncRun,
  type SyncRunStatus,
} from './sync-runs/sync-run';
export { DirectoryCreateOutbox, DirectoryCreateUsersAndOrgUnits1764300000100 } from './migrations';

import { DirectoryCreateOutbox, DirectoryCreateUsersAndOrgUnits1764300000100 } from './migrations';
import { OrgUnitEntity } from './org-units/typeorm-org-unit.repository';
import { SyncRunEntity } from './sync-runs/sync-run';
import { DirectoryUserEntity } from './users/directory-user.entity';

/** The directory service's tables (not mounted by the host until the directory module lands). */
export const directoryPersistence = {
  entities: [DirectoryUserEntity, OrgUnitEntity, SyncRunEntity],
  migrations: [DirectoryCreateOutbox, DirectoryCreateUsersAndOrgUnits1764300000100],
};
