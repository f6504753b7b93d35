import { LDAP_PRESETS, type AttributeMapping, type LdapPresetName } from './presets';

/** The attribute-mapping fields an operator may rename (one LDAP attribute each). */
export const MAPPED_ATTRIBUTES = [
  'externalId',
  'username',
  'displayName',
  'givenName',
  'surname',
  'email',
  'phone',
  'title',
  'employeeNumber',
  'department',
  'modifiedAt',
  'groupName',
] as const;
export type MappedAttribute = (typeof MAPPED_ATTRIBUTES)[number];

/** Settings with one value each (the attribute mapping is merged key by key instead). */
export const SCALAR_SETTINGS = [
  'url',
  'startTls',
  'caFile',
  'bindDn',
  'baseDn',
  'preset',
  'userFilter',
  'groupFilter',
  'departmentTree',
  'syncIntervalMinutes',
  'maxDeactivationShare',
  'timeoutMs',
] as const;
export type ScalarSetting = (typeof SCALAR_SETTINGS)[number];
export type DepartmentTreeSource = AttributeMapping['departmentTree'];

/**
 * One layer of LDAP settings — what the environment set, or what an administrator stored
 * through the API. Absent means "not set in this layer", so the layer below shows through.
 */
export interface LdapSettingsLayer {
  url?: string;
  startTls?: boolean;
  caFile?: string;
  bindDn?: string;
  /** Environment layer only: the API's password is stored sealed, outside the layer. */
  bindPassword?: string;
  baseDn?: string;
  preset?: LdapPresetName;
  userFilter?: string;
  groupFilter?: string;
  departmentTree?: DepartmentTreeSource;
  attributes?: Partial<Record<MappedAttribute, string>>;
  syncIntervalMinutes?: number;
  maxDeactivationShare?: number;
  timeoutMs?: number;
}

/**
 * A change to the API layer: a value sets the field, `null` removes the API's value (the
 * environment's or the default shows again), an absent field stays as it is. For
 * `bindPassword`, `null` forgets the stored password.
 */
export type LdapSettingsPatch = {
  [K in ScalarSetting]?: LdapSettingsLayer[K] | null;
} & {
  bindPassword?: string | null;
  attributes?: Partial<Record<MappedAttribute, string | null>> | null;
};

/** The server and account a stored password was given for; it is sent nowhere else. */
export interface PasswordScope {
  url: string;
  bindDn: string;
}

export type SettingSource = 'env' | 'api' | 'default';

/** Values used when neither the environment nor the API sets them. */
export const LDAP_DEFAULTS = {
  startTls: false,
  preset: 'openldap',
  syncIntervalMinutes: 60,
  maxDeactivationShare: 0.1,
  timeoutMs: 10_000,
} as const satisfies LdapSettingsLayer;

export interface MergedLdapSettings {
  url: string | null;
  startTls: boolean;
  caFile: string | null;
  bindDn: string | null;
  baseDn: string | null;
  preset: LdapPresetName;
  userFilter: string;
  groupFilter: string;
  departmentTree: DepartmentTreeSource;
  attributes: Record<MappedAttribute, string>;
  syncIntervalMinutes: number;
  maxDeactivationShare: number;
  timeoutMs: number;
}

export interface LdapSettingsResolution {
  values: MergedLdapSettings;
  /** Which password applies to `values.url` + `values.bindDn`, if any. */
  bindPassword: 'env' | 'api' | null;
  sources: Record<ScalarSetting, SettingSource> & {
    attributes: Record<MappedAttribute, SettingSource>;
  };
  /** With a URL set: the required settings no layer provides. Empty without a URL. */
  missing: Array<'bindDn' | 'bindPassword' | 'baseDn'>;
}

const sameScope = (a: PasswordScope, url: string | null, bindDn: string | null) =>
  a.url === url && a.bindDn === bindDn;

/**
 * Environment overlaid by the API, field by field (the API wins), over the defaults and the
 * chosen preset's filters and attributes.
 *
 * A password only ever goes to the server and account it was given for: the stored one
 * applies while URL and bind DN are those it was stored with, the environment's only while
 * both still come out as the environment's. An administrator who points the URL elsewhere
 * through the API therefore cannot make Tidings send LDAP_BIND_PASSWORD to that server.
 */
export function mergeLdapSettings(
  env: LdapSettingsLayer,
  api: LdapSettingsLayer,
  storedPasswordFor: PasswordScope | null = null,
): LdapSettingsResolution {
  const pick = <K extends ScalarSetting>(key: K, fallback: LdapSettingsLayer[K]) => {
    if (api[key] !== undefined) return { value: api[key], source: 'api' as const };
    if (env[key] !== undefined) return { value: env[key], source: 'env' as const };
    return { value: fallback, source: 'default' as const };
  };
  const preset = pick('preset', LDAP_DEFAULTS.preset);
  const presetName = preset.value ?? LDAP_DEFAULTS.preset;
  const mapping = LDAP_PRESETS[presetName];
  const picked = {
    url: pick('url', undefined),
    startTls: pick('startTls', LDAP_DEFAULTS.startTls),
    caFile: pick('caFile', undefined),
    bindDn: pick('bindDn', undefined),
    baseDn: pick('baseDn', undefined),
    preset,
    userFilter: pick('userFilter', mapping.userFilter),
    groupFilter: pick('groupFilter', mapping.groupFilter),
    departmentTree: pick('departmentTree', mapping.departmentTree),
    syncIntervalMinutes: pick('syncIntervalMinutes', LDAP_DEFAULTS.syncIntervalMinutes),
    maxDeactivationShare: pick('maxDeactivationShare', LDAP_DEFAULTS.maxDeactivationShare),
    timeoutMs: pick('timeoutMs', LDAP_DEFAULTS.timeoutMs),
  };
  const attributes = {} as Record<MappedAttribute, string>;
  const attributeSources = {} as Record<MappedAttribute, SettingSource>;
  for (const key of MAPPED_ATTRIBUTES) {
    const fromApi = api.attributes?.[key];
    const fromEnv = env.attributes?.[key];
    attributes[key] = fromApi ?? fromEnv ?? mapping[key];
    attributeSources[key] =
      fromApi !== undefined ? 'api' : fromEnv !== undefined ? 'env' : 'default';
  }
  const values: MergedLdapSettings = {
    url: picked.url.value ?? null,
    startTls: picked.startTls.value ?? LDAP_DEFAULTS.startTls,
    caFile: picked.caFile.value ?? null,
    bindDn: picked.bindDn.value ?? null,
    baseDn: picked.baseDn.value ?? null,
    preset: presetName,
    userFilter: picked.userFilter.value ?? mapping.userFilter,
    groupFilter: picked.groupFilter.value ?? mapping.groupFilter,
    departmentTree: picked.departmentTree.value ?? mapping.departmentTree,
    attributes,
    syncIntervalMinutes: picked.syncIntervalMinutes.value ?? LDAP_DEFAULTS.syncIntervalMinutes,
    maxDeactivationShare: picked.maxDeactivationShare.value ?? LDAP_DEFAULTS.maxDeactivationShare,
    timeoutMs: picked.timeoutMs.value ?? LDAP_DEFAULTS.timeoutMs,
  };
  let bindPassword: LdapSettingsResolution['bindPassword'] = null;
  if (values.url !== null && values.bindDn !== null) {
    if (storedPasswordFor && sameScope(storedPasswordFor, values.url, values.bindDn))
      bindPassword = 'api';
    else if (env.bindPassword && env.url === values.url && env.bindDn === values.bindDn)
      bindPassword = 'env';
  }
  const missing: LdapSettingsResolution['missing'] = [];
  if (values.url !== null) {
    if (values.bindDn === null) missing.push('bindDn');
    if (bindPassword === null) missing.push('bindPassword');
    if (values.baseDn === null) missing.push('baseDn');
  }
  const sources = Object.fromEntries(
    SCALAR_SETTINGS.map((key) => [key, picked[key].source]),
  ) as Record<ScalarSetting, SettingSource>;
  return { values, bindPassword, sources: { ...sources, attributes: attributeSources }, missing };
}

/** The API layer after a patch (the password is not part of the layer; see decideStoredPassword). */
export function applyLdapPatch(
  api: LdapSettingsLayer,
  patch: LdapSettingsPatch,
): LdapSettingsLayer {
  const next: Record<string, unknown> = { ...api };
  delete next['bindPassword'];
  for (const key of SCALAR_SETTINGS) {
    const value = patch[key];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  if (patch.attributes === null) delete next['attributes'];
  else if (patch.attributes) {
    const attributes: Partial<Record<MappedAttribute, string>> = { ...api.attributes };
    for (const key of MAPPED_ATTRIBUTES) {
      const value = patch.attributes[key];
      if (value === null) delete attributes[key];
      else if (value !== undefined) attributes[key] = value;
    }
    if (Object.keys(attributes).length > 0) next['attributes'] = attributes;
    else delete next['attributes'];
  }
  return next as LdapSettingsLayer;
}

export type StoredPasswordDecision =
  | { action: 'set'; for: PasswordScope }
  | { action: 'keep' }
  | { action: 'clear'; reason: 'requested' | 'url_changed' | 'bind_dn_changed' }
  | { action: 'none' };

/**
 * What happens to the stored bind password in an update. Changing the URL or the bind DN
 * clears it unless a new one comes in the same update: a password typed for one server must
 * not follow the settings to another one (that would hand it to whoever runs that server).
 */
export function decideStoredPassword(input: {
  stored: PasswordScope | null;
  next: { url: string | null; bindDn: string | null };
  given: string | null | undefined;
}): StoredPasswordDecision {
  const { stored, next, given } = input;
  if (typeof given === 'string' && next.url !== null && next.bindDn !== null)
    return { action: 'set', for: { url: next.url, bindDn: next.bindDn } };
  if (given === null) return stored ? { action: 'clear', reason: 'requested' } : { action: 'none' };
  if (!stored) return { action: 'none' };
  if (stored.url !== next.url) return { action: 'clear', reason: 'url_changed' };
  if (stored.bindDn !== next.bindDn) return { action: 'clear', reason: 'bind_dn_changed' };
  return { action: 'keep' };
}
