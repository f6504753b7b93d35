import { describe, expect, it } from 'vitest';
import { mappingFor } from './presets';

describe('LDAP attribute presets', () => {
  it('key OpenLDAP users by entryUUID and AD users by objectGUID, never by DN', () => {
    expect(mappingFor('openldap')).toMatchObject({
      externalId: 'entryUUID',
      username: 'uid',
      disabled: null,
    });
    expect(mappingFor('active-directory')).toMatchObject({
      externalId: 'objectGUID',
      externalIdFormat: 'ad-guid',
      username: 'sAMAccountName',
      disabled: { attribute: 'userAccountControl' },
    });
  });

  it('lets an operator override single attributes without touching the rest', () => {
    const mapping = mappingFor('openldap', {
      username: 'mail',
      userFilter: '(employeeType=staff)',
    });
    expect(mapping.username).toBe('mail');
    expect(mapping.userFilter).toBe('(employeeType=staff)');
    expect(mapping.externalId).toBe('entryUUID');
  });
});
