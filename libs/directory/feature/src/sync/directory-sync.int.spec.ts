import { readFileSync } from 'node:fs';
import {
  directoryPersistence,
  LdapReader,
  TypeOrmDirectoryUserRepository,
  TypeOrmGroupRepository,
  TypeOrmOrgUnitRepository,
} from '@tidings/directory/data-access';
import { mappingFor, orgUnitPath } from '@tidings/directory/domain';
import {
  BusStack,
  MemoryTransport,
  PlatformCreateBusTables1764100000000,
} from '@tidings/platform/bus';
import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestSqliteDatabase, serviceEnv } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectorySync, type UserSource } from './directory-sync';
import { ldapSource } from './ldap-sync';

/**
 * A full sync from the real slapd (scripts/services/ldap.sh, OpenLDAP-shaped fixture with more
 * people than the server's size limit) into SQLite, through the outbox.
 */
describe('directory full sync from OpenLDAP', () => {
  const db = createTestSqliteDatabase();
  let dataSource: DataSource;
  let stack: BusStack;
  let reader: LdapReader;
  let source: UserSource;
  let people = 0;
  let expectedTree = new Map<string, number>();

  beforeAll(async () => {
    // The integration global setup started our slapd; its fixtures are read-only here.
    const env = serviceEnv('scripts/services/ldap.sh');
    const summary = (
      JSON.parse(readFileSync(env['LDAP_FIXTURES_SUMMARY'] ?? '', 'utf8')) as {
        openldap: {
          baseDn: string;
          people: { count: number };
          ous: Array<{ dn: string; users: number }>;
        };
      }
    ).openldap;
    people = summary.people.count;
    // The tree the fixture was generated with: every department and its own people.
    expectedTree = new Map(
      summary.ous.map((ou) => [orgUnitPath(`uid=x,${ou.dn}`, summary.baseDn).join('/'), ou.users]),
    );
    reader = new LdapReader(
      {
        url: env['LDAP_URL'] ?? '',
        baseDn: env['LDAP_OPENLDAP_BASE_DN'] ?? '',
        bindDn: env['LDAP_OPENLDAP_BIND_DN'] ?? '',
        bindPassword: env['LDAP_OPENLDAP_BIND_PASSWORD'] ?? '',
        startTls: false,
        timeoutMs: 10_000,
      },
      mappingFor('openldap'),
    );
    source = ldapSource(reader, mappingFor('openldap'));
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [...platformPersistence.entities, ...directoryPersistence.entities],
      migrations: [
        ...platformPersistence.migrations,
        PlatformCreateBusTables1764100000000,
        ...directoryPersistence.migrations,
      ],
    }));
    stack = new BusStack({
      dataSource,
      transport: new MemoryTransport(dataSource, { partitions: 3 }),
      services: ['directory'],
    });
    stack.start();
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await dataSource?.destroy();
    await db.drop();
  });

  const sync = (from: UserSource) =>
    new DirectorySync(dataSource, stack.runnerFor('directory'), from, {
      maxDeactivationShare: 0.1,
      fingerprint: 'openldap-fixture',
    });
  const count = async (sql: string) => Number((await dataSource.query(sql))[0].n);

  it('creates every person and the department tree, with one event each', async () => {
    const { run } = await sync(source).run({
      trigger: 'manual',
      dryRun: false,
      confirmMassDeactivation: false,
    });
    expect(run).toMatchObject({
      status: 'succeeded',
      mode: 'full',
      counts: { created: people, unchanged: 0, failed: 0, groupsCreated: 9 },
      errors: [],
    });
    expect(await count(`SELECT COUNT(*) AS n FROM directory_users WHERE status = 'active'`)).toBe(
      people,
    );
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM directory_outbox WHERE event_type = 'directory.user.created'`,
      ),
    ).toBe(people);
    const units = await new TypeOrmOrgUnitRepository(dataSource).list();
    const tree = units.map((u) => u.path.join('/'));
    expect(tree).toContain('people/研发中心/平台部/基础架构组');
    expect(tree).toContain('people/Legal, Risk and Compliance');
    // Exactly the fixture's departments (under ou=people), each with exactly its own people.
    expect(new Set(tree)).toEqual(new Set(['people', ...expectedTree.keys()]));
    const direct = await new TypeOrmDirectoryUserRepository(dataSource).countByOrgUnit();
    for (const unit of units.filter((u) => u.path.length > 1))
      expect(direct.get(unit.id) ?? 0, unit.path.join('/')).toBe(
        expectedTree.get(unit.path.join('/')),
      );
    expect(run.counts['orgUnitsCreated']).toBe(tree.length);
    const zhangwei = await new TypeOrmDirectoryUserRepository(dataSource).findByUsername(
      'zhangwei',
    );
    expect(zhangwei?.locale).toBe('zh-CN'); // preferredLanguage
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM directory_outbox WHERE event_type = 'directory.orgunit.created'`,
      ),
    ).toBe(tree.length);
  });

  it('resolves nested groups of every kind to people', async () => {
    const groups = new TypeOrmGroupRepository(dataSource);
    const byName = new Map((await groups.list()).map((g) => [g.name, g]));
    // From the fixture (ldap-fixtures.md), whose counts are member values: infrastructure
    // lists 150 people; platform lists it + 151 people; engineering lists platform + 371.
    expect(byName.get('infrastructure')?.memberCount).toBe(150);
    expect(byName.get('platform')?.memberCount).toBe(151 + 150);
    expect(byName.get('engineering')?.memberCount).toBe(371 + 151 + 150);
    expect(byName.get('all-staff')?.memberCount).toBe(people);
    expect(byName.get('admins')?.memberCount).toBe(2); // groupOfUniqueNames
    expect(byName.get('developers')?.memberCount).toBe(151); // posixGroup memberUid
    const engineering = await groups.members(byName.get('engineering')?.id ?? '');
    expect(engineering.childGroups).toEqual([byName.get('platform')?.id]);
    expect(engineering.direct.length).toBeLessThan(engineering.all.length);
    const alice = await new TypeOrmDirectoryUserRepository(dataSource).findByUsername('alice');
    expect((await groups.groupsOf(alice?.id ?? '')).map((g) => g.name).sort()).toEqual(
      [
        'admins',
        'all-staff',
        'developers',
        'engineering',
        'infrastructure',
        'platform',
        '值班工程师',
      ].sort(),
    );
    const events = await dataSource.query(
      `SELECT envelope FROM directory_outbox WHERE event_type = 'directory.group.membership.changed'`,
    );
    const allStaff = events
      .map((e: { envelope: string }) => JSON.parse(e.envelope).data)
      .filter((d: { name: string }) => d.name === 'all-staff');
    expect(
      allStaff
        .map((d: { added: string[] }) => d.added.length)
        .reduce((a: number, b: number) => a + b),
    ).toBe(people);
  });

  it('changes nothing on a second run', async () => {
    const events = await count(`SELECT COUNT(*) AS n FROM directory_outbox`);
    const { run, plan } = await sync(source).run({
      trigger: 'manual',
      dryRun: false,
      confirmMassDeactivation: false,
    });
    expect(run.counts).toEqual({
      created: 0,
      updated: 0,
      moved: 0,
      deactivated: 0,
      reactivated: 0,
      unchanged: people,
      failed: 0,
      orgUnitsCreated: 0,
      orgUnitsRemoved: 0,
      groupsCreated: 0,
      groupsChanged: 0,
      groupsRemoved: 0,
      groupsUnchanged: 9,
    });
    expect(plan?.changes).toEqual([]);
    expect(await count(`SELECT COUNT(*) AS n FROM directory_outbox`)).toBe(events);
  });

  it('refuses a mass deactivation, and a confirmed dry run only reports it', async () => {
    const shrunk: UserSource = {
      readUsers: async () => {
        const read = await reader.readUsers();
        return { ...read, users: read.users.slice(0, Math.floor(people * 0.75)) };
      },
      readUserIds: () => reader.readUserIds(),
    };
    const refused = await sync(shrunk).run({
      trigger: 'manual',
      dryRun: false,
      confirmMassDeactivation: false,
    });
    expect(refused.run).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/would deactivate \d+ of \d+/),
    });

    const dry = await sync(shrunk).run({
      trigger: 'cli',
      dryRun: true,
      confirmMassDeactivation: true,
    });
    expect(dry.run.status).toBe('succeeded');
    expect(dry.run.counts['deactivated']).toBe(people - Math.floor(people * 0.75));
    expect(await count(`SELECT COUNT(*) AS n FROM directory_users WHERE status = 'active'`)).toBe(
      people,
    );
  });

  it('fails the run and keeps everyone when the directory is unreachable', async () => {
    const down = new LdapReader(
      {
        url: 'ldap://127.0.0.1:9',
        baseDn: 'dc=example,dc=com',
        bindDn: 'cn=x',
        bindPassword: 'y',
        startTls: false,
        timeoutMs: 2000,
      },
      mappingFor('openldap'),
    );
    const { run } = await sync(ldapSource(down, mappingFor('openldap'))).run({
      trigger: 'schedule',
      dryRun: false,
      confirmMassDeactivation: true,
    });
    expect(run.status).toBe('failed');
    expect(run.reason).toBeTruthy();
    expect(await count(`SELECT COUNT(*) AS n FROM directory_users WHERE status = 'active'`)).toBe(
      people,
    );
  });
});
