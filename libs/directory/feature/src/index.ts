export {
  DirectorySync,
  type DirectorySyncOptions,
  type SyncOutcome,
  type SyncRequest,
  type UserSource,
} from './sync/directory-sync';
export { ldapSource, ldapSyncFor, syncFingerprint } from './sync/ldap-sync';
export { DirectoryModule } from './directory.module';
export { DirectoryService } from './directory.service';
export {
  DIRECTORY_OPTIONS,
  type DirectoryLdapOptions,
  type DirectoryOptions,
} from './directory-options';
export {
  LdapPasswordCheck,
  ldapPasswordCheckProvider,
  type LdapLoginAccount,
  type LdapSettingsSource,
} from './login/ldap-password-check';
export { LdapSettingsService } from './settings/ldap-settings.service';
export type { LdapSettingsView, StoredPasswordProblem } from './settings/ldap-settings-view';
export type { LdapTestResult } from './settings/ldap-connection-test';
export {
  LocalUserActions,
  type LocalUserFields,
  type NewLocalUser,
} from './people/local-user.actions';
export {
  DepartmentMembers,
  type MembersPage,
  type MembersRequest,
} from './people/department-members';
