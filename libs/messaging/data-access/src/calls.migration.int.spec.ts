import { createDataSource, openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingCalls1764600003100 } from './calls.migration';
import { messagingPersistence } from './persistence';

const persistence = {
  entities: [...platformPersistence.entities, ...messagingPersistence.entities],
  migrations: [...platformPersistence.migrations, ...messagingPersistence.migrations],
};

/** The call tables come and go with their migration, partial indexes included, on both databases. */
describe.each(databaseFlavours)('call tables (migration) on %s', (flavour) => {
  let db: TestDatabase;

  const tables = async (ds: DataSource) =>
    (
      (await ds.query(
        flavour === 'postgres'
          ? `SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'messaging_call%'`
          : `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'messaging_call%'`,
      )) as Array<{ name: string }>
    )
      .map((t) => t.name)
      .sort();

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    // Everything before the calls, then the calls: the latter is the last one run.
    const before = await openDatabase({
      url: db.url,
      entities: persistence.entities,
      migrations: persistence.migrations.filter((m) => m !== MessagingCalls1764600003100),
    });
    await before.dataSource.destroy();
    const after = await openDatabase({ url: db.url, ...persistence });
    await after.dataSource.destroy();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('reverts to no call tables, and comes back', async () => {
    // Unserialized, like the migration run itself.
    const dataSource = createDataSource({ url: db.url, ...persistence });
    await dataSource.initialize();
    try {
      expect(await tables(dataSource)).toEqual(['messaging_call_participants', 'messaging_calls']);
      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await tables(dataSource)).toEqual([]);
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await tables(dataSource)).toEqual(['messaging_call_participants', 'messaging_calls']);
    } finally {
      await dataSource.destroy();
    }
  });
});
