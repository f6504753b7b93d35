import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  directoryPersistence,
  TypeOrmDirectoryUserRepository,
  TypeOrmOrgUnitRepository,
  TypeOrmSyncRunRepository,
} from './index';

describe.each(databaseFlavours)('directory persistence on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [...platformPersistence.entities, ...directoryPersistence.entities],
      migrations: [...platformPersistence.migrations, ...directoryPersistence.migrations],
    }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  it('builds the department tree once per path, with Chinese and slashed names', async () => {
    const units = new TypeOrmOrgUnitRepository(dataSource);
    const infra = await units.ensurePath(['研发中心', '平台部', '基础架构组']);
    const again = await units.ensurePath(['研发中心', '平台部', '基础架构组']);
    const sibling = await units.ensurePath(['研发中心', '客户端部']);
    const slashed = await units.ensurePath(['Legal/Risk']);
    expect(again).toBe(infra);
    expect(await units.ensurePath([])).toBeNull();
    const tree = await units.list();
    expect(tree.map((u) => u.path.join(' > '))).toEqual([
      'Legal/Risk',
      '研发中心',
      '研发中心 > 客户端部',
      '研发中心 > 平台部',
      '研发中心 > 平台部 > 基础架构组',
    ]);
    expect(tree.find((u) => u.id === sibling)?.parentId).toBe(
      tree.find((u) => u.name === '研发中心')?.id,
    );
    expect(slashed).not.toBeNull();
  });

  it('round-trips users and keeps deactivated ones', async () => {
    const users = new TypeOrmDirectoryUserRepository(dataSource);
    const orgUnitId = await new TypeOrmOrgUnitRepository(dataSource).ensurePath(['研发中心']);
    await users.insert({
      id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      source: 'ldap',
      externalId: 'entry-uuid-1',
      dn: 'uid=zhangwei,ou=研发中心,dc=example,dc=com',
      username: 'zhangwei',
      displayName: '张伟',
      email: 'zhangwei@example.com',
      phone: null,
      title: '工程师',
      employeeNumber: '1001',
      department: null,
      locale: null,
      avatarSha256: null,
      orgUnitId,
      status: 'active',
    });
    await users.update('3f2504e0-4f89-11d3-9a0c-0305e82c3301', {
      status: 'deactivated',
      title: null,
    });
    const stored = await users.findByUsername('zhangwei');
    expect(stored).toMatchObject({
      displayName: '张伟',
      status: 'deactivated',
      title: null,
      orgUnitId,
      source: 'ldap',
    });
    expect(stored!.updatedAt).toBeGreaterThanOrEqual(stored!.createdAt);
    expect((await users.listBySource('ldap')).map((u) => u.username)).toEqual(['zhangwei']);
    expect(await users.listBySource('local')).toEqual([]);
  });

  it('records sync run reports', async () => {
    const runs = new TypeOrmSyncRunRepository(dataSource);
    const run = await runs.start('manual', true, 'delta');
    expect(run).toMatchObject({ status: 'running', dryRun: true, mode: 'delta', finishedAt: null });
    const done = await runs.finish(run.id, {
      status: 'failed',
      counts: { created: 3 },
      errors: [{ dn: 'uid=x,dc=example,dc=com', message: 'no uid' }],
      reason: 'LDAP server unreachable',
    });
    expect(done).toMatchObject({
      status: 'failed',
      counts: { created: 3 },
      reason: 'LDAP server unreachable',
    });
    expect(done.finishedAt).not.toBeNull();
    expect((await runs.latest())[0]?.id).toBe(run.id);
  });
});
