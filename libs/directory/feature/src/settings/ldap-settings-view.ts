import type { StoredLdapSettings } from '@tidings/directory/data-access';
import {
  LDAP_PRESETS,
  MAPPED_ATTRIBUTES,
  type LdapSettingsLayer,
  type LdapSettingsResolution,
  type MappedAttribute,
  type MergedLdapSettings,
} from '@tidings/directory/domain';
import type { DirectoryLdapOptions } from '../directory-options';

/** Why a stored password is there but not used. */
export type StoredPasswordProblem = 'unknown_key' | 'tampered' | 'malformed' | 'other_server';

/** The settings as the admin API shows them: never a password, always where values came from. */
export interface LdapSettingsView extends MergedLdapSettings {
  /** A URL is set (environment or API). */
  configured: boolean;
  /** Configured and nothing required is missing: a sync can run. */
  complete: boolean;
  missing: LdapSettingsResolution['missing'];
  bindPasswordSet: boolean;
  bindPasswordProblem?: StoredPasswordProblem;
  sources: LdapSettingsResolution['sources'] & { bindPassword: 'env' | 'api' | null };
  updatedAt: string | null;
  updatedBy: string | null;
}

export function viewOf(
  resolution: LdapSettingsResolution,
  stored: StoredLdapSettings,
  passwordUsable: boolean,
  problem: StoredPasswordProblem | undefined,
): LdapSettingsView {
  const { values } = resolution;
  const passwordSource = passwordUsable ? resolution.bindPassword : null;
  const missing =
    resolution.bindPassword && !passwordUsable
      ? [...resolution.missing, 'bindPassword' as const]
      : resolution.missing;
  return {
    ...values,
    configured: values.url !== null,
    complete: values.url !== null && missing.length === 0,
    missing,
    bindPasswordSet: passwordSource !== null,
    ...(problem ? { bindPasswordProblem: problem } : {}),
    sources: { ...resolution.sources, bindPassword: passwordSource },
    updatedAt: stored.updatedAt ? new Date(stored.updatedAt).toISOString() : null,
    updatedBy: stored.updatedBy,
  };
}

/**
 * The options the sync and the LDAP sign-in use. Only values someone set become overrides
 * (defaults stay the preset's), so with nothing stored this equals what `ldapOptionsOf`
 * builds from the environment alone.
 */
export function optionsOf(
  resolution: LdapSettingsResolution,
  bindPassword: string,
): DirectoryLdapOptions {
  const { values, sources } = resolution;
  const overrides: DirectoryLdapOptions['overrides'] = {};
  for (const key of MAPPED_ATTRIBUTES)
    if (sources.attributes[key] !== 'default') overrides[key] = values.attributes[key];
  if (sources.userFilter !== 'default') overrides.userFilter = values.userFilter;
  if (sources.groupFilter !== 'default') overrides.groupFilter = values.groupFilter;
  if (sources.departmentTree !== 'default') overrides.departmentTree = values.departmentTree;
  return {
    connection: {
      url: values.url ?? '',
      bindDn: values.bindDn ?? '',
      bindPassword,
      baseDn: values.baseDn ?? '',
      startTls: values.startTls,
      ...(values.caFile ? { caFile: values.caFile } : {}),
      timeoutMs: values.timeoutMs,
    },
    preset: values.preset,
    overrides,
    syncIntervalMinutes: values.syncIntervalMinutes,
    maxDeactivationShare: values.maxDeactivationShare,
  };
}

/**
 * The environment layer of a host that passed only complete options (`ldapOptionsOf`): every
 * value counts as set by the environment.
 */
export function layerOfOptions(ldap: DirectoryLdapOptions | null): LdapSettingsLayer {
  if (!ldap) return {};
  const { connection: c, overrides } = ldap;
  const attributes: Partial<Record<MappedAttribute, string>> = {};
  for (const key of MAPPED_ATTRIBUTES) {
    const value = overrides[key];
    if (typeof value === 'string' && value !== LDAP_PRESETS[ldap.preset][key])
      attributes[key] = value;
  }
  return {
    url: c.url,
    bindDn: c.bindDn,
    bindPassword: c.bindPassword,
    baseDn: c.baseDn,
    startTls: c.startTls,
    ...(c.caFile ? { caFile: c.caFile } : {}),
    timeoutMs: c.timeoutMs,
    preset: ldap.preset,
    ...(overrides.userFilter ? { userFilter: overrides.userFilter } : {}),
    ...(overrides.groupFilter ? { groupFilter: overrides.groupFilter } : {}),
    ...(overrides.departmentTree ? { departmentTree: overrides.departmentTree } : {}),
    ...(Object.keys(attributes).length > 0 ? { attributes } : {}),
    syncIntervalMinutes: ldap.syncIntervalMinutes,
    maxDeactivationShare: ldap.maxDeactivationShare,
  };
}
