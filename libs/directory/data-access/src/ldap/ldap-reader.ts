import {
  formatObjectGuid,
  isDisabledByAccountControl,
  orgUnitPath,
  parseGeneralizedTime,
  type AttributeMapping,
  type IncomingUser,
} from '@tidings/directory/domain';
import { escapeFilter, InvalidCredentialsError, type Client, type Entry } from 'ldapts';
import { withLdap, type LdapConnectionConfig } from './ldap-connection';

/**
 * A person as the directory describes them, mapped but not yet compared with Tidings' copy:
 * the fields the sync mirrors (see IncomingUser), plus the change stamp for delta syncs.
 */
export interface LdapUser extends IncomingUser {
  modifiedAt: Date | null;
}

export interface LdapGroup {
  externalId: string;
  dn: string;
  name: string;
  /** Member DNs (users or nested groups) … */
  memberDns: string[];
  /** … and, for posixGroup-style groups, member usernames. */
  memberUids: string[];
}

/** Entries per page: below every common server size limit (AD: 1000, OpenLDAP: 500). */
const PAGE_SIZE = 200;

const first = (entry: Entry, attribute: string): string | null => {
  const value = entry[attribute];
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined || one === '') return null;
  return Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
};

const all = (entry: Entry, attribute: string): string[] => {
  const value = entry[attribute];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
};

/**
 * Reads users and groups from an LDAP or Active Directory server through the attribute
 * mapping. Every search is paged, so directories larger than the server's size limit come
 * back whole; every value that goes into a filter is escaped (RFC 4515).
 */
export class LdapReader {
  constructor(
    private readonly config: LdapConnectionConfig,
    private readonly mapping: AttributeMapping,
  ) {}

  private externalIdOf(entry: Entry): string {
    const raw = entry[this.mapping.externalId];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined) throw new Error(`${entry.dn} has no ${this.mapping.externalId}`);
    if (this.mapping.externalIdFormat === 'ad-guid') {
      if (!Buffer.isBuffer(value))
        throw new Error(`${entry.dn}: ${this.mapping.externalId} is not binary`);
      return formatObjectGuid(value);
    }
    return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
  }

  private toUser(entry: Entry): LdapUser {
    const m = this.mapping;
    const username = first(entry, m.username);
    if (!username) throw new Error(`${entry.dn} has no ${m.username}`);
    const modified = first(entry, m.modifiedAt);
    const composed = [first(entry, m.givenName), first(entry, m.surname)].filter(Boolean).join(' ');
    return {
      externalId: this.externalIdOf(entry),
      dn: entry.dn,
      username,
      displayName: first(entry, m.displayName) ?? (composed || first(entry, 'cn') || username),
      email: first(entry, m.email),
      phone: first(entry, m.phone),
      title: first(entry, m.title),
      employeeNumber: first(entry, m.employeeNumber),
      department: first(entry, m.department),
      orgUnits: orgUnitPath(entry.dn, this.config.baseDn),
      disabled: m.disabled
        ? isDisabledByAccountControl(first(entry, m.disabled.attribute) ?? undefined)
        : false,
      modifiedAt: modified ? parseGeneralizedTime(modified) : null,
    };
  }

  private userAttributes(): string[] {
    const m = this.mapping;
    return [
      ...new Set([
        m.externalId,
        m.username,
        m.displayName,
        m.givenName,
        m.surname,
        m.email,
        m.phone,
        m.title,
        m.employeeNumber,
        m.department,
        m.modifiedAt,
        'cn',
        ...(m.disabled ? [m.disabled.attribute] : []),
      ]),
    ];
  }

  private search(client: Client, filter: string, attributes: string[]) {
    return client.search(this.config.baseDn, {
      scope: 'sub',
      filter,
      attributes,
      paged: { pageSize: PAGE_SIZE },
      explicitBufferAttributes:
        this.mapping.externalIdFormat === 'ad-guid' ? [this.mapping.externalId] : [],
    });
  }

  /** Every user the user filter selects, across as many pages as it takes. */
  async readUsers(): Promise<LdapUser[]> {
    return withLdap(this.config, async (client) => {
      const { searchEntries } = await this.search(
        client,
        this.mapping.userFilter,
        this.userAttributes(),
      );
      return searchEntries.map((entry) => this.toUser(entry));
    });
  }

  async readGroups(): Promise<LdapGroup[]> {
    const m = this.mapping;
    return withLdap(this.config, async (client) => {
      const attributes = [m.externalId, m.groupName, ...m.groupMembers.map((g) => g.attribute)];
      const { searchEntries } = await this.search(client, m.groupFilter, attributes);
      return searchEntries.map((entry) => ({
        externalId: this.externalIdOf(entry),
        dn: entry.dn,
        name: first(entry, m.groupName) ?? entry.dn,
        memberDns: m.groupMembers
          .filter((g) => g.holds === 'dn')
          .flatMap((g) => all(entry, g.attribute)),
        memberUids: m.groupMembers
          .filter((g) => g.holds === 'uid')
          .flatMap((g) => all(entry, g.attribute)),
      }));
    });
  }

  /** One user by username — the value typed at a login form, so it is escaped. */
  async findUser(username: string): Promise<LdapUser | undefined> {
    return withLdap(this.config, async (client) => {
      const filter = `(&${this.mapping.userFilter}${escapeFilter`(${this.mapping.username}=${username})`})`;
      const { searchEntries } = await this.search(client, filter, this.userAttributes());
      // More than one match means the username attribute is not unique: refuse rather than guess.
      return searchEntries.length === 1 && searchEntries[0]
        ? this.toUser(searchEntries[0])
        : undefined;
    });
  }

  /**
   * Checks a password by binding as the user (what "LDAP login" means): true only for an
   * existing, enabled user whose bind succeeds. An empty password is refused up front —
   * many servers treat an empty-password bind as an anonymous bind that "succeeds".
   */
  async verifyPassword(username: string, password: string): Promise<LdapUser | undefined> {
    if (password === '') return undefined;
    const user = await this.findUser(username);
    if (!user || user.disabled) return undefined;
    try {
      await withLdap(
        { ...this.config, bindDn: user.dn, bindPassword: password },
        async () => undefined,
      );
      return user;
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return undefined;
      throw error;
    }
  }
}
