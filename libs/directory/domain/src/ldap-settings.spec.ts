import { describe, expect, it } from 'vitest';
import {
  applyLdapPatch,
  decideStoredPassword,
  mergeLdapSettings,
  type LdapSettingsLayer,
} from './ldap-settings';
import { filterProblem, mergedIssues, patchIssues, urlProblem } from './ldap-settings-rules';
import { ACTIVE_DIRECTORY_PRESET, OPENLDAP_PRESET } from './presets';

const env: LdapSettingsLayer = {
  url: 'ldap://env.example:389',
  bindDn: 'cn=sync,dc=example,dc=com',
  bindPassword: 'env-secret',
  baseDn: 'dc=example,dc=com',
  syncIntervalMinutes: 30,
};

describe('merging environment and API settings', () => {
  it('lets the API win field by field and says where each value came from', () => {
    const { values, sources, bindPassword, missing } = mergeLdapSettings(env, {
      baseDn: 'ou=people,dc=example,dc=com',
      preset: 'active-directory',
      attributes: { email: 'userPrincipalName' },
    });
    expect(values).toMatchObject({
      url: 'ldap://env.example:389',
      baseDn: 'ou=people,dc=example,dc=com',
      preset: 'active-directory',
      syncIntervalMinutes: 30,
      maxDeactivationShare: 0.1,
      startTls: false,
      userFilter: ACTIVE_DIRECTORY_PRESET.userFilter, // the chosen preset's, not OpenLDAP's
    });
    expect(values.attributes.email).toBe('userPrincipalName');
    expect(values.attributes.username).toBe('sAMAccountName');
    expect(sources).toMatchObject({
      url: 'env',
      baseDn: 'api',
      preset: 'api',
      syncIntervalMinutes: 'env',
      maxDeactivationShare: 'default',
      userFilter: 'default',
      caFile: 'default',
    });
    expect(sources.attributes).toMatchObject({ email: 'api', username: 'default' });
    expect(bindPassword).toBe('env');
    expect(missing).toEqual([]);
  });

  it('is "not configured" without a URL in either layer, and names what is missing with one', () => {
    expect(mergeLdapSettings({}, {}).values.url).toBeNull();
    expect(mergeLdapSettings({}, {}).missing).toEqual([]);
    expect(mergeLdapSettings({}, { url: 'ldap://a' }).missing).toEqual([
      'bindDn',
      'bindPassword',
      'baseDn',
    ]);
    expect(mergeLdapSettings({}, {}).values.userFilter).toBe(OPENLDAP_PRESET.userFilter);
  });

  it('sends the environment password only to the environment URL and bind DN', () => {
    expect(mergeLdapSettings(env, { url: 'ldap://elsewhere' }).bindPassword).toBeNull();
    expect(mergeLdapSettings(env, { bindDn: 'cn=other,dc=example,dc=com' }).bindPassword).toBe(
      null,
    );
    // Setting the same URL through the API changes nothing.
    expect(mergeLdapSettings(env, { url: env.url! }).bindPassword).toBe('env');
  });

  it('uses the stored password only for the URL and bind DN it was stored for, before env', () => {
    const scope = { url: 'ldap://api.example', bindDn: 'cn=api,dc=example,dc=com' };
    expect(mergeLdapSettings(env, { ...scope }, scope).bindPassword).toBe('api');
    expect(mergeLdapSettings(env, { url: scope.url }, scope).bindPassword).toBeNull();
    const onEnvServer = { url: env.url!, bindDn: env.bindDn! };
    expect(mergeLdapSettings(env, {}, onEnvServer).bindPassword).toBe('api');
  });
});

describe('applying a patch to the API layer', () => {
  it('sets values, removes them with null, keeps absent ones, merges attributes by key', () => {
    const before: LdapSettingsLayer = {
      url: 'ldap://a',
      userFilter: '(uid=*)',
      attributes: { email: 'mail2', phone: 'mobile' },
    };
    expect(
      applyLdapPatch(before, {
        url: null,
        baseDn: 'dc=x',
        attributes: { email: null, title: 'jobTitle' },
        bindPassword: 'never in the layer',
      }),
    ).toEqual({
      userFilter: '(uid=*)',
      baseDn: 'dc=x',
      attributes: { phone: 'mobile', title: 'jobTitle' },
    });
    expect(applyLdapPatch(before, { attributes: null })).toEqual({
      url: 'ldap://a',
      userFilter: '(uid=*)',
    });
    expect(applyLdapPatch(before, {})).toEqual(before);
  });
});

describe('the stored password when URL or bind DN change', () => {
  const stored = { url: 'ldap://a', bindDn: 'cn=x' };
  it('is cleared by a new URL or bind DN unless a new password comes with it', () => {
    expect(
      decideStoredPassword({ stored, next: { url: 'ldap://b', bindDn: 'cn=x' }, given: undefined }),
    ).toEqual({
      action: 'clear',
      reason: 'url_changed',
    });
    expect(
      decideStoredPassword({ stored, next: { url: 'ldap://a', bindDn: 'cn=y' }, given: undefined }),
    ).toEqual({
      action: 'clear',
      reason: 'bind_dn_changed',
    });
    expect(
      decideStoredPassword({ stored, next: { url: 'ldap://b', bindDn: 'cn=x' }, given: 'new' }),
    ).toEqual({
      action: 'set',
      for: { url: 'ldap://b', bindDn: 'cn=x' },
    });
  });

  it('is kept by unrelated changes, and forgotten on request', () => {
    expect(decideStoredPassword({ stored, next: stored, given: undefined })).toEqual({
      action: 'keep',
    });
    expect(decideStoredPassword({ stored, next: stored, given: null })).toEqual({
      action: 'clear',
      reason: 'requested',
    });
    expect(decideStoredPassword({ stored: null, next: stored, given: null })).toEqual({
      action: 'none',
    });
    expect(decideStoredPassword({ stored: null, next: stored, given: undefined })).toEqual({
      action: 'none',
    });
  });
});

describe('validating settings', () => {
  it('accepts ldap:// and ldaps:// URLs only', () => {
    expect(urlProblem('ldap://dc1.corp.example')).toBeNull();
    expect(urlProblem('ldaps://dc1.corp.example:636')).toBeNull();
    expect(urlProblem('ldap://[::1]:389')).toBeNull();
    for (const bad of [
      'http://dc1',
      'ldap://',
      'ldap://host:0',
      'ldap://host:70000',
      'ldapi:///x',
      'ldap://a b',
    ])
      expect(urlProblem(bad), bad).not.toBeNull();
  });

  it('refuses filters that are not well formed, including a missing closing parenthesis', () => {
    expect(filterProblem('(&(objectClass=user)(!(sAMAccountName=*$)))')).toBeNull();
    expect(filterProblem('(cn=a\\28b\\29)')).toBeNull();
    expect(filterProblem('(&)')).toBeNull();
    for (const bad of [
      'objectClass=person',
      '(&(objectClass=person)',
      '(a=b))',
      '(a=b)(c=d)',
      '()',
      '(a=\\zz)',
      '(a=b\u0000)',
    ])
      expect(filterProblem(bad), bad).not.toBeNull();
  });

  it('checks each field of a patch', () => {
    const fields = (patch: Parameters<typeof patchIssues>[0]) =>
      patchIssues(patch).map((i) => i.field);
    expect(
      fields({
        url: 'http://x',
        preset: 'novell' as never,
        syncIntervalMinutes: -1,
        maxDeactivationShare: 0,
        bindPassword: '',
        baseDn: 'not a dn',
        caFile: 'relative.pem',
        timeoutMs: 10,
        userFilter: 'uid=*',
        attributes: { email: 'not an attribute!', nickname: 'x' } as never,
      }).sort(),
    ).toEqual(
      [
        'attributes.email',
        'attributes.nickname',
        'baseDn',
        'bindPassword',
        'caFile',
        'maxDeactivationShare',
        'preset',
        'syncIntervalMinutes',
        'timeoutMs',
        'url',
        'userFilter',
      ].sort(),
    );
    expect(
      fields({
        maxDeactivationShare: 1,
        syncIntervalMinutes: 0,
        url: null,
        preset: 'active-directory',
      }),
    ).toEqual([]);
  });

  it('allows StartTLS only with ldap://, wherever each value comes from', () => {
    const merged = mergeLdapSettings({ url: 'ldaps://dc1' }, { startTls: true }).values;
    expect(mergedIssues(merged, { startTls: true })).toEqual([
      expect.objectContaining({ field: 'startTls' }),
    ]);
    const plain = mergeLdapSettings({ url: 'ldap://dc1' }, { startTls: true }).values;
    expect(mergedIssues(plain, { startTls: true })).toEqual([]);
  });

  it('wants a URL and bind DN before it stores a password for them', () => {
    const merged = mergeLdapSettings({}, { url: 'ldap://dc1' }).values;
    expect(mergedIssues(merged, { bindPassword: 'x' })).toEqual([
      expect.objectContaining({ field: 'bindPassword' }),
    ]);
  });
});
