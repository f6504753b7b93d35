export { withLdap, type LdapConnectionConfig } from './ldap/ldap-connection';
export {
  LdapReader,
  type LdapGroup,
  type LdapUser,
  type ReadUsersOptions,
  type UserRead,
} from './ldap/ldap-reader';
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
export {
  AvatarEntity,
  avatarMimeOf,
  TypeOrmAvatarRepository,
} from './users/typeorm-avatar.repository';
export { DirectoryAddLocaleAndAvatars1764300000600 } from './users/add-locale-and-avatars.migration';
export { pathKey, type OrgUnit, type OrgUnitRepository } from './org-units/org-unit';
export { OrgUnitEntity, TypeOrmOrgUnitRepository } from './org-units/typeorm-org-unit.repository';
export {
  SyncRunEntity,
  TypeOrmSyncRunRepository,
  type SyncRun,
  type SyncMode,
  type SyncRunStatus,
} from './sync-runs/sync-run';
export type { DirectoryGroup, GroupMembers } from './groups/group';
export { GroupChildEntity, GroupEntity, GroupMemberEntity } from './groups/group.entities';
export { TypeOrmGroupRepository } from './groups/typeorm-group.repository';
export {
  SyncLockEntity,
  SyncStateEntity,
  TypeOrmSyncLock,
  TypeOrmSyncStateRepository,
} from './sync-state/sync-state';
export { DirectoryCreateOutbox, DirectoryCreateUsersAndOrgUnits1764300000100 } from './migrations';
export { DirectoryCreateGroupsAndSyncState1764300000300 } from './groups-and-delta.migration';
export {
  LdapProbeError,
  PROBE_SAMPLE_SIZE,
  filterSyntaxProblem,
  probeLdap,
  type LdapProbeFailure,
  type LdapProbeResult,
} from './ldap/ldap-probe';
export {
  bindPasswordContext,
  type LdapSettingsRepository,
  type SealedPassword,
  type StoredLdapSettings,
} from './settings/ldap-settings';
export {
  LdapSettingsEntity,
  TypeOrmLdapSettingsRepository,
} from './settings/typeorm-ldap-settings.repository';
export { DirectoryCreateLdapSettings1764300000500 } from './settings/ldap-settings.migration';
export {
  SecretBox,
  SecretUnreadableError,
  secretKeyFrom,
  type SecretKey,
} from './settings/secret-box';
export {
  TypeOrmUserListingRepository,
  type MemberCursor,
  type MemberPage,
  type MemberPageRequest,
  type UnitRef,
  type UserListingRepository,
} from './users/typeorm-user-listing.repository';

import { DirectoryCreateGroupsAndSyncState1764300000300 } from './groups-and-delta.migration';
import { GroupChildEntity, GroupEntity, GroupMemberEntity } from './groups/group.entities';
import { DirectoryCreateOutbox, DirectoryCreateUsersAndOrgUnits1764300000100 } from './migrations';
import { DirectoryCreateLdapSettings1764300000500 } from './settings/ldap-settings.migration';
import { LdapSettingsEntity } from './settings/typeorm-ldap-settings.repository';
import { SyncLockEntity, SyncStateEntity } from './sync-state/sync-state';
import { DirectoryAddLocaleAndAvatars1764300000600 } from './users/add-locale-and-avatars.migration';
import { AvatarEntity } from './users/typeorm-avatar.repository';
import { OrgUnitEntity } from './org-units/typeorm-org-unit.repository';
import { SyncRunEntity } from './sync-runs/sync-run';
import { DirectoryUserEntity } from './users/directory-user.entity';

/** The directory service's tables and migrations. */
export const directoryPersistence = {
  entities: [
    DirectoryUserEntity,
    OrgUnitEntity,
    SyncRunEntity,
    GroupEntity,
    GroupMemberEntity,
    GroupChildEntity,
    SyncStateEntity,
    SyncLockEntity,
    AvatarEntity,
    LdapSettingsEntity,
  ],
  migrations: [
    DirectoryCreateOutbox,
    DirectoryCreateUsersAndOrgUnits1764300000100,
    DirectoryCreateGroupsAndSyncState1764300000300,
    DirectoryCreateLdapSettings1764300000500,
    DirectoryAddLocaleAndAvatars1764300000600,
  ],
};
