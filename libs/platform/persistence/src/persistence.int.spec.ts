import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import {
  MIGRATIONS_TABLE,
  TypeOrmSettingsRepository,
  openDatabase,
  platformPersistence,
} from './index';

describe.each(databaseFlavours)('persistence on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db.drop();
  });

  it('runs every migration once, and again is a no-op', async () => {
    const first = await openDatabase({ url: db.url, ...platformPersistence });
    expect(first.applied).toEqual(platformPersistence.migrations.map((m) => m.name));
    await first.dataSource.destroy();

    const second = await openDatabase({ url: db.url, ...platformPersistence });
    dataSource = second.dataSource;
    expect(second.applied).toEqual([]);
    const rows = await dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    expect(rows.map((r: { name: string }) => r.name)).toEqual(first.applied);
  });

  it('round-trips settings through the repository', async () => {
    const settings = new TypeOrmSettingsRepository(dataSource);
    expect(await settings.get('instance.id')).toBeUndefined();

    await settings.set('instance.id', 'a');
    await settings.set('instance.id', 'b');
    expect(await settings.get('instance.id')).toBe('b');

    expect(await settings.setIfAbsent('instance.id', 'c')).toBe('b');
    expect(await settings.setIfAbsent('fresh', '你好')).toBe('你好');
    expect(await settings.get('fresh')).toBe('你好');
  });

  it('keeps timestamps as instants', async () => {
    const before = Date.now();
    await new TypeOrmSettingsRepository(dataSource).set('t', 'x');
    const [row] = await dataSource.query(
      `SELECT updated_at FROM platform_settings WHERE key = 't'`,
    );
    const stored = new Date(flavour === 'sqlite' ? `${row.updated_at}Z` : row.updated_at).getTime();
    expect(Math.abs(stored - before)).toBeLessThan(5000);
  });
});
