import { describe, expect, it } from 'vitest';
import { dnKey, membershipDiff, resolveGroups, type IncomingGroup } from './group-membership';

const people = [
  { id: 'p-carol', dn: 'cn=Carol Chen,ou=Platform,dc=corp', username: 'carol' },
  { id: 'p-lina', dn: 'cn=李娜,ou=Sales,dc=corp', username: 'lina' },
  { id: 'p-john', dn: 'cn=Walker\\2C John,ou=London,dc=corp', username: 'jwalker' },
];

const group = (name: string, over: Partial<IncomingGroup> = {}): IncomingGroup => ({
  externalId: `g-${name}`,
  dn: `cn=${name},ou=Groups,dc=corp`,
  name,
  memberDns: [],
  memberUids: [],
  ...over,
});

describe('resolveGroups', () => {
  it('resolves nested groups to people, whatever the DN spelling', () => {
    const sre = group('SRE', { memberDns: ['CN=Carol Chen,OU=Platform,DC=corp'] });
    const platform = group('Platform', { memberDns: ['cn=sre,ou=groups,dc=corp'] });
    const engineering = group('Engineering', {
      memberDns: ['cn=Platform,ou=Groups,dc=corp', 'cn=Walker\\, John,ou=London,dc=corp'],
    });
    const resolved = resolveGroups([engineering, platform, sre], people);
    expect(resolved.map((g) => [g.name, g.members])).toEqual([
      ['Engineering', ['p-carol', 'p-john']],
      ['Platform', ['p-carol']],
      ['SRE', ['p-carol']],
    ]);
    expect(resolved[0]).toMatchObject({ directMembers: ['p-john'], childGroups: ['g-Platform'] });
  });

  it('survives membership cycles and ignores members it does not know', () => {
    const a = group('a', { memberDns: ['cn=b,ou=Groups,dc=corp', 'cn=PC01,ou=Computers,dc=corp'] });
    const b = group('b', {
      memberDns: ['cn=a,ou=Groups,dc=corp', 'cn=a,ou=Groups,dc=corp'],
      memberUids: ['LINA', 'ghost'],
    });
    const self = group('self', { memberDns: ['cn=self,ou=Groups,dc=corp'] });
    const resolved = resolveGroups([a, b, self], people);
    expect(resolved.map((g) => g.members)).toEqual([['p-lina'], ['p-lina'], []]);
    expect(resolved[2]?.childGroups).toEqual([]);
  });
});

describe('membershipDiff and dnKey', () => {
  it('lists joiners and leavers', () => {
    expect(membershipDiff(['a', 'b', 'c'], ['b', 'c', 'd'])).toEqual({
      added: ['d'],
      removed: ['a'],
    });
  });

  it('compares DNs case- and escape-insensitively', () => {
    expect(dnKey('CN=Walker\\2C John, OU=London')).toBe(dnKey('cn=walker\\, john,ou=london'));
    expect(dnKey('cn=a,ou=b')).not.toBe(dnKey('cn=a\\,ou=b'));
  });
});
