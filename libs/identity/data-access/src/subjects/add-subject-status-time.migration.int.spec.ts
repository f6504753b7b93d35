import { createDataSource, openDatabase } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IdentityCreateApiTokens1764150000200,
  IdentityCreateOutbox,
  IdentityCreateSubjects1764150000100,
  identityAccessPersistence,
} from '../migrations';
import { TypeOrmSubjectRepository } from './typeorm-subject.repository';

const STATUS_TIME = 'IdentityAddSubjectStatusTime1764500000100';

const ALICE = '5b1d7c1e-0000-4000-8000-0000000a11ce';
const BOT = '5b1d7c1e-0000-4000-8000-0000000000b0';

describe.each(databaseFlavours)('subjects gain a status time (migration) on %s', (flavour) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    // A database from before the migration: a deactivated person, and a bot with a token
    // (identity_api_tokens references identity_subjects, so the table must not be rebuilt).
    const { dataSource } = await openDatabase({
      url: db.url,
      entities: [],
      migrations: [
        IdentityCreateOutbox,
        IdentityCreateSubjects1764150000100,
        IdentityCreateApiTokens1764150000200,
      ],
    });
    const subject = (id: string, kind: string, active: boolean) => ({
      id,
      kind,
      issuer: 'https://sso.example.com',
      subject: id,
      username: kind === 'bot' ? 'erp-bot' : 'alice',
      display_name: null,
      roles: '["user"]',
      active,
      sessions_revoked_ms: 1_700_000_000_000,
      session_version: 1,
      created_ms: 1_690_000_000_000,
      last_seen_ms: 1_700_000_000_000,
    });
    await dataSource.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into('identity_subjects', Object.keys(subject(ALICE, 'user', false)))
        .values([subject(ALICE, 'user', false), subject(BOT, 'bot', true)])
        .execute();
      await manager
        .createQueryBuilder()
        .insert()
        .into('identity_api_tokens', [
          'id',
          'bot_id',
          'prefix',
          'secret_hash',
          'scopes',
          'created_by',
          'created_ms',
        ])
        .values({
          id: '5b1d7c1e-0000-4000-8000-00000000a0c1',
          bot_id: BOT,
          prefix: 'tdg_abcdefghijkl',
          secret_hash: 'x'.repeat(64),
          scopes: '["connectors.use"]',
          created_by: ALICE,
          created_ms: 1_690_000_000_000,
        })
        .execute();
    });
    await dataSource.destroy();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('keeps every subject as it was, with no status event applied yet', async () => {
    const { dataSource, applied } = await openDatabase({
      url: db.url,
      ...identityAccessPersistence,
    });
    try {
      // This migration first; identity's later ones (widget tables, …) after it.
      expect(applied[0]).toBe(STATUS_TIME);
      const subjects = new TypeOrmSubjectRepository(dataSource);
      expect(await subjects.findById(ALICE)).toMatchObject({
        active: false,
        sessionVersion: 1,
        sessionsRevokedAt: 1_700_000_000_000,
        statusChangedAt: null,
      });
      const tokens: unknown[] = await dataSource.query('SELECT id FROM identity_api_tokens');
      expect(tokens).toHaveLength(1);
      const on = await subjects.applyStanding(ALICE, {
        active: true,
        statusChangedAt: 1_700_000_100_000,
      });
      expect(on).toMatchObject({ active: true, statusChangedAt: 1_700_000_100_000 });
    } finally {
      await dataSource.destroy();
    }
  });

  it('reverts by dropping the column only', async () => {
    const dataSource = createDataSource({ url: db.url, ...identityAccessPersistence });
    await dataSource.initialize();
    try {
      // Later identity migrations are undone first, down to and including this one.
      for (;;) {
        const [last] = (await dataSource.query(
          'SELECT name FROM tidings_migrations ORDER BY "timestamp" DESC LIMIT 1',
        )) as Array<{ name: string }>;
        await dataSource.undoLastMigration({ transaction: 'each' });
        if (!last || last.name === STATUS_TIME) break;
      }
      const rows: Array<Record<string, unknown>> = await dataSource.query(
        'SELECT * FROM identity_subjects ORDER BY id',
      );
      expect(rows.map((r) => r['username'])).toEqual(['erp-bot', 'alice']);
      expect(rows[0]).not.toHaveProperty('status_changed_ms');
    } finally {
      await dataSource.destroy();
    }
  });
});
