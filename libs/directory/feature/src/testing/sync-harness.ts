import { directoryPersistence, LdapReader } from '@tidings/directory/data-access';
import { mappingFor, type AttributeMapping, type LdapPresetName } from '@tidings/directory/domain';
import { openServiceDatabase } from '@tidings/platform/bus';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { DirectorySync, type UserSource } from '../sync/directory-sync';
import { ldapSource, syncFingerprint } from '../sync/ldap-sync';

/** One directory as `ldap.sh env` describes it: OPENLDAP or AD. */
export function readerFor(
  env: Record<string, string>,
  directory: 'OPENLDAP' | 'AD',
  overrides: Partial<AttributeMapping> = {},
): { reader: LdapReader; source: UserSource; fingerprint: string } {
  const preset: LdapPresetName = directory === 'AD' ? 'active-directory' : 'openldap';
  const connection = {
    url: env['LDAP_URL'] ?? '',
    baseDn: env[`LDAP_${directory}_BASE_DN`] ?? '',
    bindDn: env[`LDAP_${directory}_BIND_DN`] ?? '',
    bindPassword: env[`LDAP_${directory}_BIND_PASSWORD`] ?? '',
    startTls: false,
    timeoutMs: 10_000,
  };
  const mapping = mappingFor(preset, overrides);
  const reader = new LdapReader(connection, mapping);
  return {
    reader,
    source: ldapSource(reader, mapping),
    fingerprint: syncFingerprint(connection, mapping),
  };
}

export interface SyncHarness {
  dataSource: DataSource;
  sync(source: UserSource, fingerprint?: string): DirectorySync;
  /** A number from the first row's `n` column. */
  count(sql: string): Promise<number>;
  /** Payloads (`data`) of the outbox events of one type, oldest first. */
  events<T = Record<string, unknown>>(type: string): Promise<T[]>;
  close(): Promise<void>;
}

/** A SQLite database with the directory's tables and an in-process bus, for sync tests. */
export async function openSyncHarness(): Promise<SyncHarness> {
  const db = createTestSqliteDatabase();
  const { dataSource, stack, close } = await openServiceDatabase({
    url: db.url,
    service: 'directory',
    persistence: directoryPersistence,
  });
  return {
    dataSource,
    sync: (source, fingerprint = 'test') =>
      new DirectorySync(dataSource, stack.runnerFor('directory'), source, {
        maxDeactivationShare: 0.1,
        fingerprint,
      }),
    count: async (sql) => Number((await dataSource.query(sql))[0].n),
    events: async <T>(type: string) =>
      (
        (await dataSource.query(
          'SELECT envelope FROM directory_outbox WHERE event_type = ? ORDER BY id',
          [type],
        )) as Array<{ envelope: string }>
      ).map((row) => (JSON.parse(row.envelope) as { data: T }).data),
    close: async () => {
      await close();
      await db.drop();
    },
  };
}
