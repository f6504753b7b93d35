/**
 * Which LDAP attribute feeds which field of a Tidings user or group. Operators pick a preset
 * (`LDAP_PRESET`) and may override single attributes; the sync reads only what is mapped.
 */
export interface AttributeMapping {
  /** Stable id that survives renames and moves (never the DN). */
  externalId: string;
  /** How the id is encoded on the wire. */
  externalIdFormat: 'text' | 'ad-guid';
  username: string;
  displayName: string;
  givenName: string;
  surname: string;
  email: string;
  phone: string;
  title: string;
  employeeNumber: string;
  /** A department attribute, used when the tree comes from an attribute instead of OUs. */
  department: string;
  /**
   * Where the department tree comes from: the OUs between the base DN and the user (`ou`),
   * or the department attribute (`attribute`), whose value names the path from the root
   * with `/` between levels (`研发中心/平台部`; a value without `/` is a top-level department).
   */
  departmentTree: 'ou' | 'attribute';
  /** The preferred language (a BCP 47 tag such as `zh-CN`). */
  locale: string;
  /** A photo attribute (binary JPEG/PNG); read only when mapped. */
  avatar: string;
  /** Change stamp for delta syncs. */
  modifiedAt: string;
  /** Where the "disabled" state comes from, if the directory has one. */
  disabled: { attribute: string; kind: 'ad-account-control' } | null;
  groupName: string;
  /** Member attributes of groups, and whether they hold DNs or uids. */
  groupMembers: Array<{ attribute: string; holds: 'dn' | 'uid' }>;
  userFilter: string;
  groupFilter: string;
}

export const OPENLDAP_PRESET: AttributeMapping = {
  externalId: 'entryUUID',
  externalIdFormat: 'text',
  username: 'uid',
  displayName: 'displayName',
  givenName: 'givenName',
  surname: 'sn',
  email: 'mail',
  phone: 'telephoneNumber',
  title: 'title',
  employeeNumber: 'employeeNumber',
  department: 'departmentNumber',
  departmentTree: 'ou',
  locale: 'preferredLanguage',
  avatar: 'jpegPhoto',
  modifiedAt: 'modifyTimestamp',
  disabled: null,
  groupName: 'cn',
  groupMembers: [
    { attribute: 'member', holds: 'dn' },
    { attribute: 'uniqueMember', holds: 'dn' },
    { attribute: 'memberUid', holds: 'uid' },
  ],
  userFilter: '(objectClass=inetOrgPerson)',
  groupFilter:
    '(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))',
};

export const ACTIVE_DIRECTORY_PRESET: AttributeMapping = {
  externalId: 'objectGUID',
  externalIdFormat: 'ad-guid',
  username: 'sAMAccountName',
  displayName: 'displayName',
  givenName: 'givenName',
  surname: 'sn',
  email: 'mail',
  phone: 'telephoneNumber',
  title: 'title',
  employeeNumber: 'employeeID',
  department: 'department',
  departmentTree: 'ou',
  // AD has no standard language attribute; preferredLanguage is what most deployments fill.
  locale: 'preferredLanguage',
  avatar: 'thumbnailPhoto',
  // whenChanged is per-DC and coarse; uSNChanged is the precise delta key but per-DC too —
  // the sync keeps using one server for a high-water mark.
  modifiedAt: 'whenChanged',
  disabled: { attribute: 'userAccountControl', kind: 'ad-account-control' },
  groupName: 'cn',
  groupMembers: [{ attribute: 'member', holds: 'dn' }],
  // People, not computers: computer accounts are objectClass=user too, and their
  // sAMAccountName ends in `$`. (objectCategory=person would need AD's own schema; directories
  // that imitate AD — our test slapd among them — do not define it.)
  userFilter: '(&(objectClass=user)(!(sAMAccountName=*$)))',
  groupFilter: '(objectClass=group)',
};

export const LDAP_PRESETS = {
  openldap: OPENLDAP_PRESET,
  'active-directory': ACTIVE_DIRECTORY_PRESET,
} as const;
export type LdapPresetName = keyof typeof LDAP_PRESETS;

/** A preset with the operator's single-attribute overrides on top. */
export function mappingFor(
  preset: LdapPresetName,
  overrides: Partial<AttributeMapping> = {},
): AttributeMapping {
  return { ...LDAP_PRESETS[preset], ...overrides };
}

/** The department path a department attribute names: `研发中心 / 平台部` → ['研发中心', '平台部']. */
export function departmentPath(value: string | null): string[] {
  if (!value) return [];
  return value
    .split('/')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
