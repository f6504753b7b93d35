export { formatObjectGuid, objectGuidBytes } from './object-guid';
export { ACCOUNTDISABLE, isDisabledByAccountControl } from './account-control';
export { parseGeneralizedTime } from './generalized-time';
export { isWithin, orgUnitPath, parseDn, type Rdn } from './dn';
export {
  ACTIVE_DIRECTORY_PRESET,
  LDAP_PRESETS,
  OPENLDAP_PRESET,
  mappingFor,
  type AttributeMapping,
  type LdapPresetName,
} from './presets';
export {
  planFullSync,
  SyncRefusedError,
  type IncomingUser,
  type KnownUser,
  type MirroredUser,
  type SyncPlan,
  type SyncSafety,
  type UserChange,
} from './sync-plan';
