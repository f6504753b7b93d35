import type { TranslationKey } from '../i18n/translations';
import type { LdapSettings, LdapSettingsPatch } from './admin-api';

/** The LDAP settings form, as typed. The password is write-only: empty means "keep". */
export interface LdapSettingsForm {
  url: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  preset: string;
  userFilter: string;
  groupFilter: string;
  syncIntervalMinutes: string;
}

export const PRESETS = ['openldap', 'active-directory'] as const;

export function formOf(settings: LdapSettings): LdapSettingsForm {
  return {
    url: settings.url ?? '',
    bindDn: settings.bindDn ?? '',
    bindPassword: '',
    baseDn: settings.baseDn ?? '',
    preset: settings.preset,
    userFilter: settings.userFilter,
    groupFilter: settings.groupFilter,
    syncIntervalMinutes: String(settings.syncIntervalMinutes),
  };
}

/**
 * Only what the administrator changed becomes the patch: an untouched field must not turn a
 * value from the environment into a stored one (the API's value would then win for good).
 * An emptied text field is `null`: the stored value goes and the environment's shows again.
 */
export function patchOf(
  settings: LdapSettings,
  form: LdapSettingsForm,
): { patch: LdapSettingsPatch; problem: TranslationKey | null } {
  const before = formOf(settings);
  const patch: LdapSettingsPatch = {};
  const text = (key: 'url' | 'bindDn' | 'baseDn' | 'preset' | 'userFilter' | 'groupFilter') => {
    const value = form[key].trim();
    if (value !== before[key]) patch[key] = value === '' ? null : value;
  };
  text('url');
  text('bindDn');
  text('baseDn');
  text('preset');
  text('userFilter');
  text('groupFilter');
  if (form.bindPassword !== '') patch.bindPassword = form.bindPassword;
  const interval = form.syncIntervalMinutes.trim();
  if (interval !== before.syncIntervalMinutes) {
    if (interval === '') patch.syncIntervalMinutes = null;
    else if (!/^\d+$/.test(interval) || Number(interval) > 10080)
      return { patch, problem: 'admin.sync.settings.intervalInvalid' };
    else patch.syncIntervalMinutes = Number(interval);
  }
  // The server drops the stored password when the URL or bind DN changes; say so up front.
  const movesServer = patch.url !== undefined || patch.bindDn !== undefined;
  if (
    movesServer &&
    patch.bindPassword === undefined &&
    settings.bindPasswordSet &&
    form.url.trim()
  )
    return { patch, problem: 'admin.sync.settings.passwordNeeded' };
  return { patch, problem: null };
}
