export { formatObjectGuid, objectGuidBytes } from './object-guid';
export { ACCOUNTDISABLE, isDisabledByAccountControl } from './account-control';
export { parseGeneralizedTime } from './generalized-time';
export { isWithin, orgUnitPath, parseDn, type Rdn } from './dn';
export {
  ACTIVE_DIRECTORY_PRESET,
  LDAP_PRESETS,
  OPENLDAP_PRESET,
  departmentPath,
  mappingFor,
  type AttributeMapping,
  type LdapPresetName,
} from './presets';
export {
  planFullSync,
  planSync,
  SyncRefusedError,
  type SourceView,
  type SyncFailure,
  type IncomingUser,
  type KnownUser,
  type MirroredUser,
  type SyncPlan,
  type SyncSafety,
  type UserChange,
} from './sync-plan';
export {
  dnKey,
  membershipDiff,
  resolveGroups,
  type IncomingGroup,
  type MemberCandidate,
  type ResolvedGroup,
} from './group-membership';
export {
  applyLdapPatch,
  decideStoredPassword,
  LDAP_DEFAULTS,
  MAPPED_ATTRIBUTES,
  mergeLdapSettings,
  SCALAR_SETTINGS,
  type LdapSettingsLayer,
  type LdapSettingsPatch,
  type LdapSettingsResolution,
  type MappedAttribute,
  type MergedLdapSettings,
  type PasswordScope,
  type ScalarSetting,
  type SettingSource,
  type StoredPasswordDecision,
} from './ldap-settings';
export {
  filterProblem,
  MAX_SYNC_INTERVAL_MINUTES,
  mergedIssues,
  patchIssues,
  urlProblem,
  type SettingIssue,
} from './ldap-settings-rules';
