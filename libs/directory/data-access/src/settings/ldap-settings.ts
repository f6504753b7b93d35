import type { LdapSettingsLayer, PasswordScope } from '@tidings/directory/domain';

/** The bind password as stored: sealed (see SecretBox), with the server it was given for. */
export interface SealedPassword {
  sealed: string;
  keyId: string;
  for: PasswordScope;
}

/** The LDAP settings an administrator stored through the API (one row per installation). */
export interface StoredLdapSettings {
  /** The API layer, without any password. */
  layer: LdapSettingsLayer;
  bindPassword: SealedPassword | null;
  /** Bumped by every save; a save against an older revision is refused (lost update). */
  revision: number;
  updatedAt: number | null;
  updatedBy: string | null;
}

export interface LdapSettingsRepository {
  get(): Promise<StoredLdapSettings>;
  /** Writes `next` if the row is still at `expectedRevision`; false when someone was faster. */
  save(
    next: Pick<StoredLdapSettings, 'layer' | 'bindPassword' | 'updatedBy'>,
    expectedRevision: number,
  ): Promise<boolean>;
}

/**
 * What a sealed password's authenticated context is: the column and the server it belongs to,
 * so neither a copied value nor edited `bind_password_url`/`_bind_dn` columns can be used.
 */
export function bindPasswordContext(scope: PasswordScope): string {
  return `directory_ldap_settings.bind_password\u0000${scope.url}\u0000${scope.bindDn}`;
}
