import { createDataSource, openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingConversationContext1764600003200 } from './conversation-context.migration';
import { messagingPersistence } from './persistence';

const persistence = {
  entities: [...platformPersistence.entities, ...messagingPersistence.entities],
  migrations: [...platformPersistence.migrations, ...messagingPersistence.migrations],
};

/**
 * The context columns come and go with their migration on both databases, on a table that
 * already holds conversations; the unique index holds for contexts and lets any number of
 * conversations without one coexist.
 */
describe.each(databaseFlavours)('conversation context (migration) on %s', (flavour) => {
  let db: TestDatabase;
  const p = (n: number) => (flavour === 'postgres' ? `$${n}` : '?');

  const columns = async (ds: DataSource) =>
    (
      (await ds.query(
        flavour === 'postgres'
          ? `SELECT column_name AS name FROM information_schema.columns
             WHERE table_name = 'messaging_conversations' AND column_name LIKE 'context%'`
          : `SELECT name FROM pragma_table_info('messaging_conversations') WHERE name LIKE 'context%'`,
      )) as Array<{ name: string }>
    )
      .map((c) => c.name)
      .sort();

  const insert = (ds: DataSource, id: string, context: [string, string] | null) =>
    ds.query(
      `INSERT INTO messaging_conversations (id, kind, visibility, name, created_by, created_ms,
         last_seq, last_activity_ms, member_count, context_origin, context_key)
       VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(p).join(', ')})`,
      [id, 'channel', 'private', id, 'bot', 1, 0, 1, 1, context?.[0] ?? null, context?.[1] ?? null],
    );

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    // Everything before the context, a conversation, then the context: the last one run.
    const before = await openDatabase({
      url: db.url,
      entities: persistence.entities,
      migrations: persistence.migrations.filter(
        (m) => m !== MessagingConversationContext1764600003200,
      ),
    });
    await before.dataSource.query(
      `INSERT INTO messaging_conversations (id, kind, visibility, name, created_by, created_ms,
         last_seq, last_activity_ms, member_count)
       VALUES (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')})`,
      ['older', 'channel', 'public', 'older', 'alice', 1, 0, 1, 1],
    );
    await before.dataSource.destroy();
    const after = await openDatabase({ url: db.url, ...persistence });
    await after.dataSource.destroy();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('adds nullable columns, one conversation per context, any number without', async () => {
    const dataSource = createDataSource({ url: db.url, ...persistence });
    await dataSource.initialize();
    try {
      expect(await columns(dataSource)).toEqual(['context_key', 'context_origin', 'context_url']);
      await insert(dataSource, 'plain-1', null);
      await insert(dataSource, 'plain-2', null);
      await insert(dataSource, 'ctx-1', ['https://erp.example.com', 'order:1']);
      await insert(dataSource, 'ctx-2', ['https://oa.example.com', 'order:1']);
      await expect(
        insert(dataSource, 'ctx-3', ['https://erp.example.com', 'order:1']),
      ).rejects.toThrow(/unique/i);
      const rows = (await dataSource.query(
        'SELECT id FROM messaging_conversations ORDER BY id',
      )) as Array<{ id: string }>;
      expect(rows.map((r) => r.id)).toEqual(['ctx-1', 'ctx-2', 'older', 'plain-1', 'plain-2']);
    } finally {
      await dataSource.destroy();
    }
  });

  it('reverts to no context columns, keeping the conversations, and comes back', async () => {
    const dataSource = createDataSource({ url: db.url, ...persistence });
    await dataSource.initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await columns(dataSource)).toEqual([]);
      const [{ n }] = (await dataSource.query(
        'SELECT COUNT(*) AS n FROM messaging_conversations',
      )) as [{ n: unknown }];
      expect(Number(n)).toBe(5);
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await columns(dataSource)).toEqual(['context_key', 'context_origin', 'context_url']);
    } finally {
      await dataSource.destroy();
    }
  });
});
