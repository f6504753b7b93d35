import { statSync } from 'node:fs';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './data-source';

/** WAL checkpoints happen on the worker thread, not in some unlucky commit. */
describe('SQLite checkpointer', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('copies committed pages into the database file in the background, and stops with the data source', async () => {
    const db = createTestSqliteDatabase();
    const { dataSource } = await openDatabase({ url: db.url, entities: [], migrations: [] });
    cleanups.push(async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    });
    const path = db.url.slice('sqlite:'.length);
    // The commit path itself no longer checkpoints at SQLite's default 1,000 pages.
    const [{ wal_autocheckpoint }] = (await dataSource.query('PRAGMA wal_autocheckpoint')) as [
      { wal_autocheckpoint: number },
    ];
    expect(wal_autocheckpoint).toBeGreaterThan(1000);

    await dataSource.query('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
    const before = statSync(path).size;
    for (let batch = 0; batch < 20; batch++)
      await dataSource.transaction(async (manager) => {
        for (let i = 0; i < 50; i++)
          await manager.query('INSERT INTO filler (body) VALUES (?)', ['x'.repeat(2000)]);
      });
    // Two MB sit in the WAL; only a checkpoint moves them into the database file.
    const deadline = Date.now() + 5_000;
    while (statSync(path).size < before + 1_000_000 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(path).size).toBeGreaterThan(before + 1_000_000);

    await dataSource.destroy(); // stops the worker first; must not hang
    expect(dataSource.isInitialized).toBe(false);
  });
});
