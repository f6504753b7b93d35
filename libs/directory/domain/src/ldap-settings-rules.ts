import { parseDn } from './dn';
import {
  MAPPED_ATTRIBUTES,
  type LdapSettingsPatch,
  type MergedLdapSettings,
} from './ldap-settings';
import { LDAP_PRESETS } from './presets';

/** A rule a setting breaks; `field` is the patch's field (`attributes.username` for one key). */
export interface SettingIssue {
  field: string;
  message: string;
}

const LDAP_URL = /^(ldaps?):\/\/([^\s/:]+|\[[0-9A-Fa-f:]+\])(?::(\d{1,5}))?\/?$/;
/** An attribute description: a name (`sAMAccountName`) or a numeric OID. */
const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]{0,127}|\d+(?:\.\d+)+)$/;
/** setInterval cannot wait longer than 2^31-1 ms (~24.8 days); a week is plenty. */
export const MAX_SYNC_INTERVAL_MINUTES = 7 * 24 * 60;

/** Why `url` is not an LDAP URL we can connect to, or null when it is one. */
export function urlProblem(url: string): string | null {
  const match = LDAP_URL.exec(url);
  if (!match) return 'expected ldap://host[:port] or ldaps://host[:port]';
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return 'the port must be 1-65535';
  return null;
}

/**
 * Why `filter` is not a well-formed LDAP filter (RFC 4515), or null. Checked here because the
 * client library accepts some broken ones — `(&(objectClass=person)` with its closing
 * parenthesis missing is silently completed — and a filter that means something other than
 * what the operator typed is worse than one refused.
 */
export function filterProblem(filter: string): string | null {
  if (filter.length > 4096) return 'at most 4096 characters';
  if (!filter.startsWith('(') || !filter.endsWith(')'))
    return 'expected an LDAP filter in parentheses, e.g. (objectClass=person)';
  let depth = 0;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i];
    if (ch === '\u0000') return 'NUL is not allowed; escape it as \\00';
    if (ch === '\\') {
      if (!/^[0-9A-Fa-f]{2}$/.test(filter.slice(i + 1, i + 3)))
        return `a backslash must start a \\XX escape (position ${i + 1})`;
      i += 2;
      continue;
    }
    if (ch === '(') {
      depth++;
      if (filter[i + 1] === ')') return `empty parentheses at position ${i + 1}`;
    } else if (ch === ')') {
      depth--;
      if (depth < 0) return `unbalanced ")" at position ${i + 1}`;
      if (depth === 0 && i !== filter.length - 1)
        return `text after the closing parenthesis at position ${i + 2}`;
    }
  }
  return depth === 0 ? null : 'unbalanced parentheses: a ")" is missing';
}

function dnProblem(dn: string): string | null {
  if (dn.trim() === '') return 'must not be empty';
  if (dn.length > 1000) return 'at most 1000 characters';
  try {
    return parseDn(dn).length > 0 ? null : 'expected a DN such as dc=corp,dc=example';
  } catch {
    return 'expected a DN such as dc=corp,dc=example';
  }
}

/** Field by field: what each value in a patch must look like, whatever the other layers say. */
export function patchIssues(patch: LdapSettingsPatch): SettingIssue[] {
  const issues: SettingIssue[] = [];
  const add = (field: string, message: string | null) => {
    if (message) issues.push({ field, message });
  };
  if (typeof patch.url === 'string') add('url', urlProblem(patch.url));
  if (typeof patch.caFile === 'string')
    add(
      'caFile',
      patch.caFile.startsWith('/') && !patch.caFile.includes('\u0000')
        ? null
        : 'expected an absolute path to a PEM file on the server',
    );
  if (typeof patch.bindDn === 'string') add('bindDn', dnProblem(patch.bindDn));
  if (typeof patch.baseDn === 'string') add('baseDn', dnProblem(patch.baseDn));
  if (typeof patch.bindPassword === 'string')
    add(
      'bindPassword',
      // An empty password would make many servers treat the bind as anonymous — and succeed.
      patch.bindPassword === '' || patch.bindPassword.length > 1024
        ? 'must be 1-1024 characters'
        : null,
    );
  if (typeof patch.preset === 'string')
    add(
      'preset',
      Object.hasOwn(LDAP_PRESETS, patch.preset)
        ? null
        : `expected one of ${Object.keys(LDAP_PRESETS).join(', ')}`,
    );
  if (typeof patch.userFilter === 'string') add('userFilter', filterProblem(patch.userFilter));
  if (typeof patch.groupFilter === 'string') add('groupFilter', filterProblem(patch.groupFilter));
  const interval = patch.syncIntervalMinutes;
  if (typeof interval === 'number')
    add(
      'syncIntervalMinutes',
      Number.isInteger(interval) && interval >= 0 && interval <= MAX_SYNC_INTERVAL_MINUTES
        ? null
        : `expected whole minutes from 0 (manual only) to ${MAX_SYNC_INTERVAL_MINUTES}`,
    );
  const share = patch.maxDeactivationShare;
  if (typeof share === 'number')
    add(
      'maxDeactivationShare',
      share > 0 && share <= 1 ? null : 'expected a share above 0 and at most 1',
    );
  const timeout = patch.timeoutMs;
  if (typeof timeout === 'number')
    add(
      'timeoutMs',
      Number.isInteger(timeout) && timeout >= 500 && timeout <= 120_000
        ? null
        : 'expected 500-120000 milliseconds',
    );
  for (const [key, value] of Object.entries(patch.attributes ?? {})) {
    if (!(MAPPED_ATTRIBUTES as readonly string[]).includes(key))
      add(`attributes.${key}`, `not a mapped attribute (${MAPPED_ATTRIBUTES.join(', ')})`);
    else if (typeof value === 'string')
      add(`attributes.${key}`, ATTRIBUTE.test(value) ? null : 'expected an attribute name or OID');
  }
  return issues;
}

/**
 * Rules that involve more than one field, checked on the settings as they would be after the
 * patch (so an environment value can conflict with an API one).
 */
export function mergedIssues(merged: MergedLdapSettings, patch: LdapSettingsPatch): SettingIssue[] {
  const issues: SettingIssue[] = [];
  if (merged.startTls && merged.url?.startsWith('ldaps://'))
    issues.push({
      field: patch.startTls !== undefined ? 'startTls' : 'url',
      message: 'StartTLS upgrades a plain ldap:// connection; ldaps:// is encrypted already',
    });
  if (typeof patch.bindPassword === 'string' && (merged.url === null || merged.bindDn === null))
    issues.push({
      field: 'bindPassword',
      message: 'a password is stored for a URL and a bind DN: set both first (or with it)',
    });
  return issues;
}
