import type { Provider } from '@nestjs/common';
import {
  LdapReader,
  TypeOrmDirectoryUserRepository,
  type DirectoryUserRepository,
  type LdapUser,
} from '@tidings/directory/data-access';
import { mappingFor } from '@tidings/directory/domain';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { DirectoryLdapOptions } from '../directory-options';
import { LdapSettingsService } from '../settings/ldap-settings.service';

/**
 * A person whose LDAP bind just succeeded. Shaped like identity's `ExternalAccount` (the
 * built-in issuer's port); the host passes this adapter there — the directory may not import
 * identity, so the two meet structurally in the host.
 */
export interface LdapLoginAccount {
  username: string;
  displayName: string;
  email: string | null;
  /** The synced directory user, or null when Tidings has no active one for this entry yet. */
  userId: string | null;
}

/** The LDAP settings in force now, or null when no directory is configured. */
export type LdapSettingsSource = () =>
  DirectoryLdapOptions | null | Promise<DirectoryLdapOptions | null>;

/**
 * "Sign in with your directory password" for the built-in issuer: binds as the user
 * (`LdapReader.verifyPassword`: only an existing, enabled user whose bind succeeds), then
 * names the directory user the sync made for that entry, matched by username *and* external
 * id — a name since reused by another entry is not the same person.
 *
 * Settings are read at each sign-in, so a change of directory settings applies to the next
 * one without a restart. A directory that cannot be reached rejects (it is not a wrong
 * password); the password goes to the bind and nowhere else.
 */
export class LdapPasswordCheck {
  constructor(
    private readonly settings: LdapSettingsSource,
    private readonly users: Pick<DirectoryUserRepository, 'findByUsername'>,
    private readonly readerFor: (
      ldap: DirectoryLdapOptions,
    ) => Pick<LdapReader, 'verifyPassword'> = (ldap) =>
      new LdapReader(ldap.connection, mappingFor(ldap.preset, ldap.overrides)),
  ) {}

  async verify(username: string, password: string): Promise<LdapLoginAccount | undefined> {
    const ldap = await this.settings();
    if (!ldap) return undefined; // no directory (any more): nobody can be checked by it
    const entry = await this.readerFor(ldap).verifyPassword(username, password);
    return entry ? { ...profileOf(entry), userId: await this.syncedUserId(entry) } : undefined;
  }

  private async syncedUserId(entry: LdapUser): Promise<string | null> {
    const user = await this.users.findByUsername(entry.username);
    const same = user?.source === 'ldap' && user.externalId === entry.externalId;
    return same && user.status === 'active' ? user.id : null;
  }
}

function profileOf(entry: LdapUser): Omit<LdapLoginAccount, 'userId'> {
  return { username: entry.username, displayName: entry.displayName, email: entry.email };
}

/**
 * The one place the adapter gets its settings: those in force at each sign-in (API values over
 * the environment), so a directory configured through the admin API works without a restart.
 */
export const ldapPasswordCheckProvider: Provider = {
  provide: LdapPasswordCheck,
  inject: [LdapSettingsService, DATA_SOURCE],
  useFactory: (settings: LdapSettingsService, dataSource: DataSource) =>
    new LdapPasswordCheck(
      () => settings.effective(),
      new TypeOrmDirectoryUserRepository(dataSource),
    ),
};
