import { serviceEnv } from '@tidings/platform/testing';
import { readFileSync } from 'node:fs';
import { formatObjectGuid, mappingFor } from '@tidings/directory/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LdapConnectionConfig } from './ldap-connection';
import { LdapReader } from './ldap-reader';

/**
 * Against the real slapd of scripts/services/ldap.sh, with its two generated directories
 * (OpenLDAP-shaped and AD-shaped). Expected values come from the fixture's summary.json.
 * The server's size limit (500) is below the directory size (1,203 people), so these reads
 * only pass with paging.
 */
interface Summary {
  openldap: {
    baseDn: string;
    serviceAccount: { dn: string; password: string };
    people: { count: number };
    namedUsers: Array<{ uid: string; dn: string; password: string; cn: string }>;
    groups: Array<{ dn: string; objectClass: string; members?: number; memberUids?: number }>;
  };
  ad: {
    baseDn: string;
    serviceAccount: { dn: string; password: string };
    users: { count: number };
    namedUsers: Array<{ sAMAccountName: string; dn: string; password: string; objectGUID: string }>;
    disabled: Array<{ sAMAccountName: string }>;
    groups: Array<{ dn: string; members: number }>;
  };
}

let url = '';
let summary: Summary;
beforeAll(() => {
  // The integration global setup started our slapd (scripts/services/ldap.sh).
  const env = serviceEnv('scripts/services/ldap.sh');
  url = env['LDAP_URL'] ?? '';
  summary = JSON.parse(readFileSync(env['LDAP_FIXTURES_SUMMARY'] ?? '', 'utf8')) as Summary;
}, 90_000);

const connection = (
  baseDn: string,
  account: { dn: string; password: string },
): LdapConnectionConfig => ({
  url,
  baseDn,
  bindDn: account.dn,
  bindPassword: account.password,
  startTls: false,
  timeoutMs: 10_000,
});

describe('reading an OpenLDAP directory', () => {
  const reader = () =>
    new LdapReader(
      connection(summary.openldap.baseDn, summary.openldap.serviceAccount),
      mappingFor('openldap'),
    );

  it('pages past the size limit and maps every person', async () => {
    const pages: number[] = [];
    const read = await reader().readUsers({ onPage: (n) => pages.push(n) });
    const users = read.users;
    expect(users).toHaveLength(summary.openldap.people.count);
    expect(read.unreadable).toEqual([]);
    expect(pages.length).toBeGreaterThan(1); // more than one page, reported as it went
    expect(pages.at(-1)).toBe(users.length);
    expect(read.highWater).toMatch(/^\d{14}Z$/);
    expect(new Set(users.map((u) => u.externalId)).size).toBe(users.length); // entryUUIDs, unique
    const zhangwei = users.find((u) => u.username === 'zhangwei');
    expect(zhangwei).toMatchObject({
      displayName: expect.stringContaining('张伟'),
      orgUnits: ['people', '研发中心', '平台部'],
      disabled: false,
    });
    expect(zhangwei?.externalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(zhangwei?.modifiedAt).toBeInstanceOf(Date);
  });

  it('reads groups with DN members (nested groups included) and posix memberUids', async () => {
    const groups = await reader().readGroups();
    expect(groups).toHaveLength(summary.openldap.groups.length);
    for (const expected of summary.openldap.groups) {
      const group = groups.find((g) => g.dn === expected.dn);
      expect(group, expected.dn).toBeDefined();
      if (expected.members !== undefined) expect(group?.memberDns).toHaveLength(expected.members);
      if (expected.memberUids !== undefined)
        expect(group?.memberUids).toHaveLength(expected.memberUids);
    }
    const platform = groups.find((g) => g.name === 'platform');
    expect(platform?.memberDns).toContain('cn=infrastructure,ou=groups,dc=example,dc=com');
  });

  it('checks a password by binding as the user', async () => {
    const alice = summary.openldap.namedUsers.find((u) => u.uid === 'alice')!;
    expect((await reader().verifyPassword('alice', alice.password))?.dn).toBe(alice.dn);
    expect(await reader().verifyPassword('alice', 'wrong')).toBeUndefined();
    expect(await reader().verifyPassword('alice', '')).toBeUndefined();
    expect(await reader().verifyPassword('nobody-here', 'x')).toBeUndefined();
  });

  it('escapes filter values: injection attempts find nobody and break nothing', async () => {
    for (const hostile of ['*', '*)(|(uid=*', 'alice)(uid=*', '\\', 'a\u0000b', '(', '*alice*']) {
      expect(await reader().findUser(hostile), JSON.stringify(hostile)).toBeUndefined();
    }
    expect((await reader().findUser('alice'))?.username).toBe('alice');
  });
});

describe('reading an Active-Directory-shaped directory', () => {
  const reader = () =>
    new LdapReader(
      connection(summary.ad.baseDn, summary.ad.serviceAccount),
      mappingFor('active-directory'),
    );

  it('keys users by canonical objectGUID and reads the disabled bit', async () => {
    const { users } = await reader().readUsers();
    expect(await reader().readUserIds()).toEqual(new Set(users.map((u) => u.externalId)));
    expect(users).toHaveLength(summary.ad.users.count);
    const carol = summary.ad.namedUsers.find((u) => u.sAMAccountName === 'carol')!;
    const mapped = users.find((u) => u.username === 'carol');
    expect(mapped?.externalId).toBe(formatObjectGuid(Buffer.from(carol.objectGUID, 'hex')));
    expect(mapped?.orgUnits).toEqual(['Staff', 'Beijing', 'Engineering', 'Platform']);
    const disabled = users
      .filter((u) => u.disabled)
      .map((u) => u.username)
      .sort();
    expect(disabled).toEqual(summary.ad.disabled.map((d) => d.sAMAccountName).sort());
  });

  it('builds departments from the department attribute when configured so', async () => {
    const byAttribute = new LdapReader(
      connection(summary.ad.baseDn, summary.ad.serviceAccount),
      mappingFor('active-directory', { departmentTree: 'attribute' }),
    );
    const { users } = await byAttribute.readUsers();
    const carol = users.find((u) => u.username === 'carol');
    expect(carol?.department).toBe('Platform Engineering');
    expect(carol?.orgUnits).toEqual(['Platform Engineering']);
  });

  it('reads nested groups and refuses disabled accounts at login', async () => {
    const groups = await reader().readGroups();
    for (const expected of summary.ad.groups) {
      expect(groups.find((g) => g.dn === expected.dn)?.memberDns, expected.dn).toHaveLength(
        expected.members,
      );
    }
    const disabled = summary.ad.namedUsers.find((u) => u.sAMAccountName === 'disabled.user')!;
    expect(await reader().verifyPassword('disabled.user', disabled.password)).toBeUndefined();
    const carol = summary.ad.namedUsers.find((u) => u.sAMAccountName === 'carol')!;
    expect((await reader().verifyPassword('carol', carol.password))?.username).toBe('carol');
  });
});
