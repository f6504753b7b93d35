import { createHash } from 'node:crypto';
import { LdapReader, type LdapConnectionConfig } from '@tidings/directory/data-access';
import { mappingFor, type AttributeMapping } from '@tidings/directory/domain';
import type { TransactionRunner } from '@tidings/platform/bus';
import type { DataSource } from 'typeorm';
import type { DirectoryLdapOptions } from '../directory-options';
import { DirectorySync, type UserSource } from './directory-sync';

/**
 * What a delta high-water mark depends on: another server, base DN or mapping could hold
 * entries older than the mark that were never read, so any change of them means a full run.
 */
export function syncFingerprint(connection: LdapConnectionConfig, mapping: AttributeMapping) {
  return createHash('sha256')
    .update(JSON.stringify([connection.url, connection.baseDn.toLowerCase(), mapping]))
    .digest('hex')
    .slice(0, 32);
}

/** The reader as a sync source; groups only when a group filter is configured. */
export function ldapSource(reader: LdapReader, mapping: AttributeMapping): UserSource {
  return {
    readUsers: (options) => reader.readUsers(options),
    readUserIds: () => reader.readUserIds(),
    ...(mapping.groupFilter ? { readGroups: () => reader.readGroups() } : {}),
  };
}

/** A sync of the configured LDAP directory — the one way the server and the CLI build it. */
export function ldapSyncFor(
  dataSource: DataSource,
  runner: TransactionRunner,
  ldap: DirectoryLdapOptions,
): DirectorySync {
  const mapping = mappingFor(ldap.preset, ldap.overrides);
  const reader = new LdapReader(ldap.connection, mapping);
  return new DirectorySync(dataSource, runner, ldapSource(reader, mapping), {
    maxDeactivationShare: ldap.maxDeactivationShare,
    fingerprint: syncFingerprint(ldap.connection, mapping),
  });
}
