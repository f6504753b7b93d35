import { createTestSqliteDatabase, serviceEnv } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryTestHost, type Method } from './directory-admin.testing';

/** The directory through the host's REST API, syncing from the real slapd fixture. */
describe('directory API', () => {
  const db = createTestSqliteDatabase();
  const host = new DirectoryTestHost();

  beforeAll(async () => {
    // The integration global setup started our slapd.
    const ldap = serviceEnv('scripts/services/ldap.sh');
    await host.start({
      DATABASE_URL: db.url,
      LDAP_URL: ldap['LDAP_URL'] ?? '',
      LDAP_BASE_DN: ldap['LDAP_OPENLDAP_BASE_DN'] ?? '',
      LDAP_BIND_DN: ldap['LDAP_OPENLDAP_BIND_DN'] ?? '',
      LDAP_BIND_PASSWORD: ldap['LDAP_OPENLDAP_BIND_PASSWORD'] ?? '',
      LDAP_SYNC_INTERVAL: '0',
    });
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  const call = (method: Method, url: string, role: string, body?: unknown) =>
    host.call(method, url, role, body);

  it('lets an admin dry-run, then run a sync, and see the report', async () => {
    const dry = await call('POST', '/directory/sync-runs', 'admin', { dryRun: true });
    expect(dry.statusCode).toBe(201);
    expect(dry.json().run).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(dry.json().changes.length).toBeGreaterThan(1000);
    expect((await call('GET', '/directory/users?q=zhangwei', 'user')).json().items).toEqual([]);

    const real = await call('POST', '/directory/sync-runs', 'admin', {});
    expect(real.json().run.counts.created).toBeGreaterThan(1000);
    expect(real.json().changes).toBeUndefined();
    const runs = await call('GET', '/directory/sync-runs', 'admin');
    expect(runs.json().items.map((r: { dryRun: boolean }) => r.dryRun)).toEqual([false, true]);
    const one = await call('GET', `/directory/sync-runs/${real.json().run.id}`, 'admin');
    expect(one.json()).toMatchObject({ id: real.json().run.id, mode: 'full', status: 'succeeded' });

    const delta = await call('POST', '/directory/sync-runs', 'admin', { mode: 'delta' });
    expect(delta.json().run).toMatchObject({
      mode: 'delta',
      counts: { created: 0, deactivated: 0 },
    });
    const bad = await call('POST', '/directory/sync-runs', 'admin', { mode: 'sideways' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it("lists groups with their resolved members, and a person's groups", async () => {
    const groups = (await call('GET', '/directory/groups', 'user')).json().items as Array<{
      id: string;
      name: string;
      memberCount: number;
    }>;
    const platform = groups.find((g) => g.name === 'platform');
    const infrastructure = groups.find((g) => g.name === 'infrastructure');
    expect(platform && infrastructure).toBeTruthy();
    const detail = (await call('GET', `/directory/groups/${platform!.id}`, 'user')).json();
    expect(detail.members.childGroups).toEqual([infrastructure!.id]);
    expect(detail.members.all).toHaveLength(platform!.memberCount);
    expect(detail.members.direct.length + infrastructure!.memberCount).toBe(platform!.memberCount);

    const alice = (await call('GET', '/directory/users?q=alice', 'user')).json().items[0];
    expect(alice).toMatchObject({ locale: 'en', avatarUrl: null }); // the fixture's preferredLanguage
    const noPhoto = await call('GET', `/directory/users/${alice.id}/avatar`, 'user');
    expect(noPhoto.statusCode).toBe(404);
    expect(noPhoto.json().code).toBe('directory.avatar.not_found');
    const hers = (await call('GET', `/directory/users/${alice.id}/groups`, 'user')).json().items;
    expect(hers.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining(['platform', 'infrastructure', 'engineering']),
    );
    const missing = await call(
      'GET',
      '/directory/groups/00000000-0000-4000-8000-000000000000',
      'user',
    );
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('directory.group.not_found');
  });

  it('searches people by username prefix and by any part of a Chinese name', async () => {
    const byName = (
      await call('GET', `/directory/users?q=${encodeURIComponent('伟')}`, 'user')
    ).json().items;
    expect(byName.map((u: { username: string }) => u.username)).toContain('zhangwei');
    const byPrefix = (await call('GET', '/directory/users?q=ali', 'user')).json().items;
    expect(byPrefix.map((u: { username: string }) => u.username)).toContain('alice');
    const wildcard = (await call('GET', '/directory/users?q=%25', 'user')).json().items;
    expect(wildcard).toEqual([]); // '%' is a character to find, not a wildcard
  });

  it('shows the department tree with member counts', async () => {
    const tree = (await call('GET', '/directory/org-units', 'user')).json().items as Array<{
      path: string[];
      directMembers: number;
      totalMembers: number;
    }>;
    const rd = tree.find((u) => u.path.join('/') === 'people/研发中心');
    const platform = tree.find((u) => u.path.join('/') === 'people/研发中心/平台部');
    expect(rd && platform).toBeTruthy();
    expect(rd!.totalMembers).toBeGreaterThan(platform!.totalMembers);
    expect(platform!.totalMembers).toBeGreaterThanOrEqual(platform!.directMembers);
  });

  it('keeps sync runs to directory managers', async () => {
    expect((await call('GET', '/directory/sync-runs', 'user')).statusCode).toBe(403);
    expect((await call('POST', '/directory/sync-runs', 'compliance', {})).statusCode).toBe(403);
  });
});
