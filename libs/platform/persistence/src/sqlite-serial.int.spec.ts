import { createTestSqliteDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypeOrmSettingsRepository, openDatabase, platformPersistence } from './index';

describe('SQLite access from interleaving async flows', () => {
  const db = createTestSqliteDatabase();
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ dataSource } = await openDatabase({ url: db.url, ...platformPersistence }));
  });

  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  const count = async (key: string) =>
    (await dataSource.query(`SELECT COUNT(*) AS n FROM platform_settings WHERE key = ?`, [key]))[0]
      .n;

  it('never lets another flow see or join an open transaction', async () => {
    let inserted!: () => void;
    const rowInserted = new Promise<void>((resolve) => (inserted = resolve));
    const rolledBack = dataSource
      .transaction(async (manager) => {
        await manager.query(
          `INSERT INTO platform_settings (key, value, updated_at) VALUES ('ghost', 'x', '2026-01-01')`,
        );
        inserted();
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('roll back');
      })
      .catch((e: Error) => e.message);
    await rowInserted;
    // This read starts while the transaction is open: it must wait and then see nothing.
    expect(await count('ghost')).toBe(0);
    expect(await rolledBack).toBe('roll back');
  });

  it('runs concurrent transactions one after another, each complete', async () => {
    const settings = new TypeOrmSettingsRepository(dataSource);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        dataSource.transaction(async (manager) => {
          await manager.query(
            `INSERT INTO platform_settings (key, value, updated_at) VALUES (?, '1', '2026-01-01')`,
            [`k${i}`],
          );
          await new Promise((r) => setTimeout(r, 1));
          await manager.query(`UPDATE platform_settings SET value = '2' WHERE key = ?`, [`k${i}`]);
        }),
      ),
    );
    for (let i = 0; i < 20; i++) expect(await settings.get(`k${i}`)).toBe('2');
  });

  it('refuses an implicit transaction outside transaction()', async () => {
    const repo = dataSource.getRepository(platformPersistence.entities[0]!);
    await expect(repo.save({ key: 'implicit', value: 'v', updatedAt: new Date() })).rejects.toThrow(
      /start transactions with dataSource.transaction/,
    );
  });
});
