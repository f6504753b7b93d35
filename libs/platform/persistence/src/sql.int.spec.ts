import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, Sql } from './index';

describe.each(databaseFlavours)('Sql.perRow on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({ url: db.url, entities: [], migrations: [] }));
    await dataSource.query('CREATE TABLE per_row (k varchar(20) PRIMARY KEY, n integer NOT NULL)');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const upsert = (sql: Sql, rows: Array<[string, number]>) =>
    sql.perRow<{ k: string; n: unknown }>(
      `INSERT INTO per_row (k, n) VALUES ${Sql.rows(1, 2)}
       ON CONFLICT (k) DO UPDATE SET n = per_row.n + excluded.n RETURNING k, n`,
      (count) => `INSERT INTO per_row (k, n) VALUES ${Sql.rows(count, 2)}
       ON CONFLICT (k) DO UPDATE SET n = per_row.n + excluded.n RETURNING k, n`,
      rows,
    );

  it('runs the statement for every row and answers what RETURNING gives, in order', async () => {
    const answered = await dataSource.transaction((manager) =>
      upsert(new Sql(manager), [
        ['a', 1],
        ['b', 2],
      ]),
    );
    expect(answered.map((r) => [r.k, Number(r.n)])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    // Outside a transaction the multi-row form runs instead, with the same answers.
    const again = await upsert(new Sql(dataSource), [
      ['a', 10],
      ['c', 3],
    ]);
    expect(again.map((r) => [r.k, Number(r.n)])).toEqual([
      ['a', 11],
      ['c', 3],
    ]);
  });

  it('rolls back with its transaction, and leaves statements without RETURNING answerless', async () => {
    const failed = dataSource.transaction(async (manager) => {
      const sql = new Sql(manager);
      const none = await sql.perRow(
        `INSERT INTO per_row (k, n) VALUES ${Sql.rows(1, 2)}`,
        (count) => `INSERT INTO per_row (k, n) VALUES ${Sql.rows(count, 2)}`,
        [
          ['x', 1],
          ['y', 2],
        ],
      );
      expect(none).toEqual([]);
      throw new Error('undo');
    });
    await expect(failed).rejects.toThrow('undo');
    const [left] = await dataSource.query(
      "SELECT COUNT(*) AS n FROM per_row WHERE k IN ('x', 'y')",
    );
    expect(Number(left.n)).toBe(0);
  });
});
