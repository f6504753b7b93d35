import { describe, expect, it } from 'vitest';
import {
  formatObjectGuid,
  isDisabledByAccountControl,
  isWithin,
  objectGuidBytes,
  orgUnitPath,
  parseDn,
  parseGeneralizedTime,
} from './index';

describe('objectGUID', () => {
  // The example from Microsoft's docs: bytes as stored vs the GUID AD tools display.
  const stored = Uint8Array.from([
    0xe0, 0x04, 0x25, 0x3f, 0x89, 0x4f, 0xd3, 0x11, 0x9a, 0x0c, 0x03, 0x05, 0xe8, 0x2c, 0x33, 0x01,
  ]);

  it('renders the mixed-endian bytes canonically and back', () => {
    expect(formatObjectGuid(stored)).toBe('3f2504e0-4f89-11d3-9a0c-0305e82c3301');
    expect(objectGuidBytes('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toEqual(stored);
  });

  it('refuses anything but 16 bytes or a GUID', () => {
    expect(() => formatObjectGuid(new Uint8Array(15))).toThrow(/16 bytes/);
    expect(() => objectGuidBytes('not-a-guid')).toThrow(/not a GUID/);
  });
});

describe('userAccountControl', () => {
  it('reads the disabled bit among others', () => {
    expect(isDisabledByAccountControl(512)).toBe(false); // NORMAL_ACCOUNT
    expect(isDisabledByAccountControl(514)).toBe(true); // NORMAL_ACCOUNT | ACCOUNTDISABLE
    expect(isDisabledByAccountControl('66050')).toBe(true); // + DONT_EXPIRE_PASSWORD
    expect(isDisabledByAccountControl(undefined)).toBe(false);
    expect(isDisabledByAccountControl('garbage')).toBe(false);
  });
});

describe('GeneralizedTime', () => {
  it('parses the forms OpenLDAP and AD send', () => {
    expect(parseGeneralizedTime('20261125101530Z').toISOString()).toBe('2026-11-25T10:15:30.000Z');
    expect(parseGeneralizedTime('20261125101530.0Z').toISOString()).toBe(
      '2026-11-25T10:15:30.000Z',
    );
    expect(parseGeneralizedTime('20261125101530.25Z').toISOString()).toBe(
      '2026-11-25T10:15:30.250Z',
    );
    expect(parseGeneralizedTime('20261125181530+0800').toISOString()).toBe(
      '2026-11-25T10:15:30.000Z',
    );
    expect(parseGeneralizedTime('2026112510Z').toISOString()).toBe('2026-11-25T10:00:00.000Z');
  });

  it('refuses other text', () => {
    expect(() => parseGeneralizedTime('2026-11-25')).toThrow(/GeneralizedTime/);
  });
});

describe('distinguished names', () => {
  it('unescapes special characters and UTF-8 hex escapes', () => {
    expect(parseDn('cn=Smith\\, John,ou=Sales,dc=example,dc=com')[0]).toEqual({
      type: 'cn',
      value: 'Smith, John',
    });
    // 研 = E7 A0 94 in UTF-8, as some servers escape it
    expect(parseDn('ou=\\E7\\A0\\94发中心,dc=example,dc=com')[0]).toEqual({
      type: 'ou',
      value: '研发中心',
    });
    expect(parseDn('cn=a\\+b + sn=c , dc=x')).toEqual([
      { type: 'cn', value: 'a+b' },
      { type: 'dc', value: 'x' },
    ]);
  });

  it('reads plain DNs the same way (the fast path) and refuses malformed ones', () => {
    expect(parseDn(' uid = zhangwei , ou=研发中心 ,dc=example')).toEqual([
      { type: 'uid', value: 'zhangwei' },
      { type: 'ou', value: '研发中心' },
      { type: 'dc', value: 'example' },
    ]);
    expect(parseDn('')).toEqual([]);
    expect(() => parseDn('uid=a,nonsense')).toThrow(/malformed DN/);
    expect(() => parseDn('=a,dc=x')).toThrow(/malformed DN/);
  });

  it('places entries in the OU tree below a base, case-insensitively', () => {
    const base = 'dc=example,dc=com';
    const dn = 'uid=zhangwei,ou=基础架构组,ou=平台部,ou=研发中心,ou=people,DC=Example,DC=com';
    expect(isWithin(dn, base)).toBe(true);
    expect(isWithin(dn, 'dc=other,dc=com')).toBe(false);
    expect(orgUnitPath(dn, base)).toEqual(['people', '研发中心', '平台部', '基础架构组']);
    expect(
      orgUnitPath('CN=Carol,CN=Users,OU=Beijing,OU=Staff,DC=corp,DC=example', 'DC=corp,DC=example'),
    ).toEqual(['Staff', 'Beijing']);
    expect(() => orgUnitPath(dn, 'dc=other')).toThrow(/not below/);
  });
});
