import { readFileSync } from 'node:fs';
import {
  directoryPersistence,
  LdapReader,
  TypeOrmOrgUnitRepository,
} from '@tidings/directory/data-access';
import { mappingFor } from '@tidings/directory/domain';
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

/**
 * A full sync from the real slapd (scripts/services/ldap.sh, OpenLDAP-shaped fixture with more
 * people than the server's size limit) into SQLite, through the outbox.
 */
describe('directory full sync from OpenLDAP', () => {
  const db = createTestSqliteDatabase();
  let dataSource: DataSource;
  let stack: BusStack;
  let reader: LdapReader;
  let people = 0;

  beforeAll(async () => {
    // The integration global setup started our slapd; its fixtures are read-only here.
    const env = serviceEnv('scripts/services/ldap.sh');
    people = (
      JSON.parse(readFileSync(env['LDAP_FIXTURES_SUMMARY'] ?? '', 'utf8')) as {
        openldap: { people: { count: number } };
      }
    ).openldap.people.count;
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

  const sync = (source: UserSource) =>
    new DirectorySync(dataSource, stack.runnerFor('directory'), source, {
      maxDeactivationShare: 0.1,
    });
  const count = async (sql: string) => Number((await dataSource.query(sql))[0].n);

  it('creates every person and the department tree, with one event each', async () => {
    const { run } = await sync(reader).run({
      trigger: 'manual',
      dryRun: false,
      confirmMassDeactivation: false,
    });
    expect(run).toMatchObject({ status: 'succeeded', counts: { create: people, unchanged: 0 } });
    expect(await count(`SELECT COUNT(*) AS n FROM directory_users WHERE status = 'active'`)).toBe(
      people,
    );
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM directory_outbox WHERE event_type = 'directory.user.created'`,
      ),
    ).toBe(people);
    const tree = (await new TypeOrmOrgUnitRepository(dataSource).list()).map((u) =>
      u.path.join('/'),
    );
    expect(tree).toContain('people/研发中心/平台部/基础架构组');
    expect(tree).toContain('people/Legal, Risk and Compliance');
  });

  it('changes nothing on a second run', async () => {
    const events = await count(`SELECT COUNT(*) AS n FROM directory_outbox`);
    const { run, plan } = await sync(reader).run({
      trigger: 'manual',
      dryRun: false,
      confirmMassDeactivation: false,
    });
    expect(run.counts).toEqual({
      create: 0,
      update: 0,
      move: 0,
      deactivate: 0,
      reactivate: 0,
      unchanged: people,
    });
    expect(plan?.changes).toEqual([]);
    expect(await count(`SELECT COUNT(*) AS n FROM directory_outbox`)).toBe(events);
  });

  it('refuses a mass deactivation, and a confirmed dry run only reports it', async () => {
    const shrunk: UserSource = {
      readUsers: async () => (await reader.readUsers()).slice(0, Math.floor(people * 0.75)),
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
    expect(dry.run.counts['deactivate']).toBe(people - Math.floor(people * 0.75));
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
    const { run } = await sync(down).run({
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
