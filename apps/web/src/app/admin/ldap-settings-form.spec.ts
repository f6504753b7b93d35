import { describe, expect, it } from 'vitest';
import type { LdapSettings } from './admin-api';
import { formOf, patchOf } from './ldap-settings-form';

const settings: LdapSettings = {
  url: 'ldap://ldap.example:389',
  startTls: false,
  bindDn: 'cn=sync,dc=example,dc=com',
  baseDn: 'dc=example,dc=com',
  preset: 'openldap',
  userFilter: '(objectClass=inetOrgPerson)',
  groupFilter: '(objectClass=groupOfNames)',
  syncIntervalMinutes: 60,
  maxDeactivationShare: 0.1,
  timeoutMs: 10000,
  configured: true,
  complete: true,
  missing: [],
  bindPasswordSet: true,
  sources: {},
  updatedAt: null,
  updatedBy: null,
};

describe('the LDAP settings form', () => {
  it('sends nothing when nothing changed (environment values stay the environment’s)', () => {
    expect(patchOf(settings, formOf(settings))).toEqual({ patch: {}, problem: null });
  });

  it('sends changed fields only; an emptied field is null; a typed password is sent', () => {
    const form = { ...formOf(settings), baseDn: ' ou=people,dc=example,dc=com ', userFilter: '' };
    expect(patchOf(settings, form)).toEqual({
      patch: { baseDn: 'ou=people,dc=example,dc=com', userFilter: null },
      problem: null,
    });
    expect(
      patchOf(settings, { ...formOf(settings), bindPassword: 'secret', syncIntervalMinutes: '0' }),
    ).toEqual({ patch: { bindPassword: 'secret', syncIntervalMinutes: 0 }, problem: null });
  });

  it('refuses an interval that is not 0–10080 minutes', () => {
    for (const value of ['-5', '1.5', 'hourly', '10081'])
      expect(patchOf(settings, { ...formOf(settings), syncIntervalMinutes: value }).problem).toBe(
        'admin.sync.settings.intervalInvalid',
      );
  });

  it('asks for the password when the server or account changes (the stored one is dropped)', () => {
    const moved = { ...formOf(settings), url: 'ldap://other.example:389' };
    expect(patchOf(settings, moved).problem).toBe('admin.sync.settings.passwordNeeded');
    expect(patchOf(settings, { ...moved, bindPassword: 'pw' }).problem).toBeNull();
    // Nothing stored to lose: a first configuration may come without a password yet.
    const fresh = { ...settings, url: null, bindDn: null, bindPasswordSet: false };
    expect(patchOf(fresh, { ...formOf(fresh), url: 'ldap://x:389' })).toEqual({
      patch: { url: 'ldap://x:389' },
      problem: null,
    });
  });
});
