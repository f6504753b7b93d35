import type { LdapConnectionConfig } from '@tidings/directory/data-access';
import type { AttributeMapping, LdapPresetName } from '@tidings/directory/domain';

export interface DirectoryLdapOptions {
  connection: LdapConnectionConfig;
  preset: LdapPresetName;
  overrides: Partial<AttributeMapping>;
  /** Minutes between scheduled syncs; 0 = manual only. */
  syncIntervalMinutes: number;
  /** Circuit breaker: largest share of active users one run may deactivate unconfirmed. */
  maxDeactivationShare: number;
}

export interface DirectoryOptions {
  /** Null when no LDAP directory is configured (local accounts only). */
  ldap: DirectoryLdapOptions | null;
}

export const DIRECTORY_OPTIONS = Symbol('tidings.directory.Options');
