import { describe, expect, it } from 'vitest';
import { departmentPath, mappingFor } from './presets';

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

  it('builds the tree from OUs unless told to use the department attribute', () => {
    expect(mappingFor('openldap').departmentTree).toBe('ou');
    expect(mappingFor('active-directory', { departmentTree: 'attribute' }).department).toBe(
      'department',
    );
    expect(departmentPath(' 研发中心 / 平台部 /')).toEqual(['研发中心', '平台部']);
    expect(departmentPath('RD-PLAT-INFRA')).toEqual(['RD-PLAT-INFRA']);
    expect(departmentPath(null)).toEqual([]);
  });
});
