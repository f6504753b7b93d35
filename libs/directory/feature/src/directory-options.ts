import type { LdapConnectionConfig } from '@tidings/directory/data-access';
import type {
  AttributeMapping,
  LdapPresetName,
  LdapSettingsLayer,
} from '@tidings/directory/domain';

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
  /**
   * What the environment sets (LDAP_*), field by field, under the settings stored through the
   * API (LdapSettingsService). Absent: derived from `ldap`.
   */
  ldapEnv?: LdapSettingsLayer;
  /** Keys sealing the stored bind password (TIDINGS_SECRET_KEY or the embedded key file). */
  secretKeys?: {
    current: Buffer | null;
    previous: Buffer[];
    /** Logged at boot (e.g. "generated the key file …"). */
    notices?: Array<{ level: 'log' | 'warn'; message: string }>;
  };
}

export const DIRECTORY_OPTIONS = Symbol('tidings.directory.Options');
