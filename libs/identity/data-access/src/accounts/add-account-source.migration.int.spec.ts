import { createDataSource, openDatabase } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerPersistence } from '../issuer/issuer-persistence';
import { AccountExistsError } from './account.repository';
import { IdentityCreateAccounts1764200000000 } from './create-accounts.migration';
import { accountRepository } from './typeorm-account.repository';

const LOCAL_ID = '3d0c7e52-0000-4000-8000-00000000010c';
const LDAP_ID = '3d0c7e52-0000-4000-8000-0000000001da';

describe.each(databaseFlavours)('accounts gain a source (migration) on %s', (flavour) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    // A database from before the migration, with one local account in it.
    const { dataSource } = await openDatabase({
      url: db.url,
      entities: [],
      migrations: [IdentityCreateAccounts1764200000000],
    });
    const at = new Date('2026-01-02T03:04:05Z');
    await dataSource.transaction((manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into('identity_accounts', [
          'id',
          'username',
          'display_name',
          'roles',
          'password_hash',
          'created_at',
          'updated_at',
        ])
        .values({
          id: LOCAL_ID,
          username: 'olga',
          display_name: 'Olga',
          roles: '["user","admin"]',
          password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
          created_at: at,
          updated_at: at,
        })
        .execute(),
    );
    await dataSource.destroy();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('keeps existing accounts as local ones, and lets directory accounts go without a hash', async () => {
    const { dataSource, applied } = await openDatabase({ url: db.url, ...issuerPersistence });
    try {
      expect(applied).toContain('IdentityAddAccountSource1764400000100');
      const accounts = accountRepository(dataSource);
      expect(await accounts.findByUsername('olga')).toMatchObject({
        id: LOCAL_ID,
        source: 'local',
        roles: ['user', 'admin'],
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
        failedAttempts: 0,
        disabled: false,
      });

      await dataSource.transaction((manager) =>
        accountRepository({ manager }).insert({
          id: LDAP_ID,
          username: 'carol',
          displayName: 'Carol',
          roles: ['user'],
          passwordHash: null,
          source: 'ldap',
        }),
      );
      expect(await accounts.findById(LDAP_ID)).toMatchObject({
        username: 'carol',
        source: 'ldap',
        passwordHash: null,
      });

      // The rebuilt table (SQLite) still refuses a second account of one name.
      const duplicate = dataSource.transaction((manager) =>
        accountRepository({ manager }).insert({
          id: '3d0c7e52-0000-4000-8000-0000000001dd',
          username: 'carol',
          displayName: 'Another Carol',
          roles: ['user'],
          passwordHash: null,
          source: 'ldap',
        }),
      );
      await expect(duplicate).rejects.toThrow(AccountExistsError);

      await dataSource.transaction((manager) =>
        accountRepository({ manager }).saveProfile(LDAP_ID, {
          username: 'carol.chen',
          displayName: 'Carol Chen',
        }),
      );
      expect(await accounts.findById(LDAP_ID)).toMatchObject({
        username: 'carol.chen',
        displayName: 'Carol Chen',
      });
    } finally {
      await dataSource.destroy();
    }
  });

  it('reverts to local accounts only, keeping them intact', async () => {
    // Unserialized, like the migration run itself (openDatabase serializes SQLite afterwards).
    const dataSource = createDataSource({ url: db.url, ...issuerPersistence });
    await dataSource.initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
      const rows: Array<{ username: string; password_hash: string }> = await dataSource.query(
        'SELECT * FROM identity_accounts',
      );
      expect(rows.map((r) => r.username)).toEqual(['olga']);
      expect(rows[0]).not.toHaveProperty('source');
      expect(rows[0]?.password_hash).toMatch(/^\$argon2id\$/);
    } finally {
      await dataSource.destroy();
    }
  });
});
