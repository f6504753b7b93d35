import { randomUUID } from 'node:crypto';
import {
  TypeOrmDirectoryUserRepository,
  TypeOrmOrgUnitRepository,
} from '@tidings/directory/data-access';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryTestHost } from './directory-admin.testing';

interface Person {
  id: string;
  username: string;
  displayName: string;
  status: string;
  orgUnitId: string | null;
}

/** Administrators' edits of local people, and department members, through the host's API. */
describe.each(databaseFlavours)('local people and department members on %s', (flavour) => {
  let db: TestDatabase;
  const host = new DirectoryTestHost();
  const units: Record<string, string> = {};
  let ldapUserId: string;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({ DATABASE_URL: db.url });
    // A small tree (as a sync would have made it) and one person who came from LDAP.
    await host.dataSource.transaction(async (manager) => {
      const repo = new TypeOrmOrgUnitRepository(manager);
      units['rd'] = (await repo.ensurePath(['研发中心']))!;
      units['platform'] = (await repo.ensurePath(['研发中心', '平台部']))!;
      units['infra'] = (await repo.ensurePath(['研发中心', '平台部', '基础架构组']))!;
      // A sibling whose name starts like the parent's must not count as its sub-department.
      units['rdx'] = (await repo.ensurePath(['研发中心x']))!;
      ldapUserId = randomUUID();
      await new TypeOrmDirectoryUserRepository(manager).insert({
        id: ldapUserId,
        source: 'ldap',
        externalId: randomUUID(),
        dn: 'uid=zhangwei,ou=研发中心,dc=example,dc=com',
        username: 'zhangwei',
        displayName: '张伟',
        email: null,
        phone: null,
        title: null,
        employeeNumber: null,
        department: null,
        locale: null,
        avatarSha256: null,
        orgUnitId: units['rd']!,
        status: 'active',
      });
    });
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  const outbox = async (key: string) =>
    (
      (await host.dataSource.query(
        `SELECT event_type, envelope FROM directory_outbox WHERE event_key = ${host.param(1)} ORDER BY id`,
        [key],
      )) as Array<{ event_type: string; envelope: string }>
    ).map((row) => ({ type: row.event_type, ...JSON.parse(row.envelope) }));

  let alice: Person;

  it('creates a local person, with directory.user.created in the same transaction', async () => {
    const created = await host.call('POST', '/directory/users', 'admin', {
      username: 'alice.local',
      displayName: 'Alice Local',
      email: 'alice@example.com',
      orgUnitId: units['platform'],
    });
    expect(created.statusCode).toBe(201);
    alice = created.json();
    expect(alice).toMatchObject({
      source: 'local',
      status: 'active',
      orgUnitId: units['platform'],
    });
    const events = await outbox(alice.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'directory.user.created',
      actor: { kind: 'user' },
      data: { userId: alice.id, source: 'local', orgUnitPath: ['研发中心', '平台部'] },
    });
    expect((await host.call('GET', `/directory/users/${alice.id}`, 'user')).json()).toMatchObject({
      username: 'alice.local',
    });
  });

  it('refuses a taken username (in any case), bad input and unknown departments, writing nothing', async () => {
    const before = await host.dataSource.query('SELECT COUNT(*) AS n FROM directory_users');
    const taken = await host.call('POST', '/directory/users', 'admin', {
      username: 'Alice.Local',
      displayName: 'Another',
    });
    expect(taken.json()).toMatchObject({ status: 409, code: 'directory.user.username_taken' });
    const ldapName = await host.call('POST', '/directory/users', 'admin', {
      username: 'zhangwei',
      displayName: 'Not 张伟',
    });
    expect(ldapName.json().code).toBe('directory.user.username_taken');
    const bad = await host.call('POST', '/directory/users', 'admin', {
      username: ' spaced',
      displayName: '',
      email: 'not-an-email',
    });
    expect(bad.json()).toMatchObject({ status: 400, code: 'request.invalid' });
    const nowhere = await host.call('POST', '/directory/users', 'admin', {
      username: 'bob.local',
      displayName: 'Bob',
      orgUnitId: randomUUID(),
    });
    expect(nowhere.json()).toMatchObject({ status: 422, code: 'directory.org_unit.not_found' });
    expect(await host.dataSource.query('SELECT COUNT(*) AS n FROM directory_users')).toEqual(
      before,
    );
    expect((await host.call('POST', '/directory/users', 'user', {})).statusCode).toBe(403);
  });

  it('edits a local person: directory.user.updated names what changed', async () => {
    const patched = await host.call('PATCH', `/directory/users/${alice.id}`, 'admin', {
      displayName: 'Alice L.',
      title: '工程师',
      orgUnitId: units['infra'],
      email: 'alice@example.com', // unchanged: not reported
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ displayName: 'Alice L.', title: '工程师' });
    const updated = (await outbox(alice.id)).at(-1);
    expect(updated).toMatchObject({
      type: 'directory.user.updated',
      data: {
        changed: ['displayName', 'title', 'orgUnits'],
        orgUnitPath: ['研发中心', '平台部', '基础架构组'],
      },
    });
    const same = await host.call('PATCH', `/directory/users/${alice.id}`, 'admin', {
      displayName: 'Alice L.',
    });
    expect(same.statusCode).toBe(200);
    expect(await outbox(alice.id)).toHaveLength(2); // nothing changed, nothing published
    const cleared = await host.call('PATCH', `/directory/users/${alice.id}`, 'admin', {
      title: null,
    });
    expect(cleared.json().title).toBeNull();
  });

  it('refuses to edit, deactivate or reactivate a person who comes from LDAP (409)', async () => {
    for (const [method, path, body] of [
      ['PATCH', `/directory/users/${ldapUserId}`, { displayName: 'Hacked' }],
      ['POST', `/directory/users/${ldapUserId}/deactivate`, undefined],
      ['POST', `/directory/users/${ldapUserId}/reactivate`, undefined],
    ] as const) {
      const response = await host.call(method, path, 'admin', body);
      expect(response.json(), `${method} ${path}`).toMatchObject({
        status: 409,
        code: 'directory.user.managed_by_ldap',
      });
    }
    expect(
      (await host.call('GET', `/directory/users/${ldapUserId}`, 'admin')).json(),
    ).toMatchObject({
      displayName: '张伟',
      status: 'active',
    });
    expect(await outbox(ldapUserId)).toEqual([]);
    const unknown = await host.call('PATCH', `/directory/users/${randomUUID()}`, 'admin', {});
    expect(unknown.json()).toMatchObject({ status: 404, code: 'directory.user.not_found' });
  });

  it('deactivates and reactivates a local person, once each', async () => {
    const off = await host.call('POST', `/directory/users/${alice.id}/deactivate`, 'admin');
    expect(off.json()).toMatchObject({ status: 'deactivated' });
    await host.call('POST', `/directory/users/${alice.id}/deactivate`, 'admin'); // idempotent
    const on = await host.call('POST', `/directory/users/${alice.id}/reactivate`, 'admin');
    expect(on.json()).toMatchObject({ status: 'active' });
    const types = (await outbox(alice.id)).map((e) => e.type);
    expect(types).toEqual([
      'directory.user.created',
      'directory.user.updated',
      'directory.user.updated',
      'directory.user.deactivated',
      'directory.user.reactivated',
    ]);
    const deactivated = (await outbox(alice.id)).find(
      (e) => e.type === 'directory.user.deactivated',
    );
    expect(deactivated.data).toMatchObject({ userId: alice.id, reason: 'admin' });
  });

  it('lists department members, direct or recursive, a stable page at a time', async () => {
    // Equal display names on purpose: the id breaks the tie, so no one is skipped or repeated.
    const people: Array<[string, string, string]> = [
      ['p.rd1', 'Chen', 'rd'],
      ['p.rd2', 'Chen', 'rd'],
      ['p.pl1', 'Anna', 'platform'],
      ['p.pl2', 'Chen', 'platform'],
      ['p.in1', 'Bert', 'infra'],
      ['p.x1', 'Xavier', 'rdx'],
    ];
    for (const [username, displayName, unit] of people) {
      const response = await host.call('POST', '/directory/users', 'admin', {
        username,
        displayName,
        orgUnitId: units[unit],
      });
      expect(response.statusCode, username).toBe(201);
    }
    const gone = await host.call('POST', '/directory/users', 'admin', {
      username: 'p.gone',
      displayName: 'Aaron',
      orgUnitId: units['rd'],
    });
    await host.call('POST', `/directory/users/${gone.json().id}/deactivate`, 'admin');

    const all = async (query: string) => {
      const seen: Person[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const after = cursor === null ? '' : `&cursor=${cursor}`;
        const url = `/directory/org-units/${units['rd']}/members?limit=2&${query}${after}`;
        const page: { items: Person[]; nextCursor: string | null } = (
          await host.call('GET', url, 'user')
        ).json();
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      return seen;
    };
    const direct = await all('recursive=false');
    expect(direct.map((p) => p.username).sort()).toEqual(['p.rd1', 'p.rd2', 'zhangwei']);
    const recursive = await all('recursive=true');
    expect(recursive.map((p) => p.username).sort()).toEqual(
      ['alice.local', 'p.in1', 'p.pl1', 'p.pl2', 'p.rd1', 'p.rd2', 'zhangwei'].sort(),
    );
    // Display name, then id: compare with the same order computed here.
    const order = (a: Person, b: Person) =>
      a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : a.id < b.id ? -1 : 1;
    expect(recursive).toEqual([...recursive].sort(order));
    const withGone = await all('recursive=true&includeDeactivated=true');
    expect(withGone.map((p) => p.username)).toContain('p.gone');
  });

  it('answers a bad cursor, an unknown department and a bad flag with stable codes', async () => {
    const base = `/directory/org-units/${units['rd']}/members`;
    expect((await host.call('GET', `${base}?cursor=bm9wZQ`, 'user')).json()).toMatchObject({
      status: 400,
      code: 'request.invalid',
      errors: [{ path: 'query.cursor' }],
    });
    expect((await host.call('GET', `${base}?recursive=yes`, 'user')).json().status).toBe(400);
    expect((await host.call('GET', `${base}?limit=1000`, 'user')).json().status).toBe(400);
    const unknown = await host.call('GET', `/directory/org-units/${randomUUID()}/members`, 'user');
    expect(unknown.json()).toMatchObject({ status: 404, code: 'directory.org_unit.not_found' });
  });
});
