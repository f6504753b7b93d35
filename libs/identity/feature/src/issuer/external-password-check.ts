/**
 * The port through which the built-in issuer lets another system check a password — the
 * company directory, by LDAP bind. Identity only defines it; the host wires in an adapter
 * (the directory's `LdapPasswordCheck`), since identity's libs may not import the directory's.
 */
export const EXTERNAL_PASSWORD_CHECK = Symbol('tidings.identity.ExternalPasswordCheck');

/** A person whose password the directory just accepted. */
export interface ExternalAccount {
  /** Their name at the directory; the account is stored under its lower-cased form. */
  username: string;
  displayName: string;
  email: string | null;
  /**
   * Tidings' id for this person in its directory (the synced user), or null when the
   * password is right but the directory has no active user for them yet — not synced, or
   * deactivated there. The account takes this id, so the token's `sub`, the subject it maps
   * to and `/api/v1/me` all name the directory's user, and a deactivation by the directory
   * finds their sessions by id.
   */
  userId: string | null;
}

export interface ExternalPasswordCheck {
  /**
   * Resolves the account for the right password of an existing, enabled user; undefined for
   * a wrong password, an unknown or a disabled user (alike: the caller cannot tell them
   * apart, and need not). Rejects when the directory cannot answer (down, misconfigured) —
   * that is not a wrong password. Never logs or keeps the password.
   */
  verify(username: string, password: string): Promise<ExternalAccount | undefined>;
  /**
   * Whether the directory checks this person's password (an LDAP-synced person of this name,
   * lower-cased): an administrator may then not give them a local password, which would
   * shadow the directory's. Unset = nobody is.
   */
  manages?(username: string): Promise<boolean>;
}
