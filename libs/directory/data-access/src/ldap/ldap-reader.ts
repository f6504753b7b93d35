import {
  departmentPath,
  formatObjectGuid,
  isDisabledByAccountControl,
  orgUnitPath,
  parseGeneralizedTime,
  type AttributeMapping,
  type IncomingUser,
} from '@tidings/directory/domain';
import { createHash } from 'node:crypto';
import { escapeFilter, InvalidCredentialsError, type Client, type Entry } from 'ldapts';
import { avatarMimeOf } from '../users/typeorm-avatar.repository';
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

export interface ReadUsersOptions {
  /** Only entries changed at or after this directory timestamp (the last high-water mark). */
  since?: string | null;
  /** Called after each page with the number of entries read so far. */
  onPage?: (entriesSoFar: number) => void;
}

/** One read of the users: the mapped ones, the ones that could not be mapped, and the newest change stamp. */
export interface UserRead {
  users: LdapUser[];
  unreadable: Array<{ dn: string; message: string }>;
  unreadableIds: Set<string>;
  /** The largest change stamp seen, as the server wrote it — the next delta's `since`. */
  highWater: string | null;
}

/** Larger photos are ignored rather than copied into every sync (AD caps thumbnailPhoto at 100 KB). */
const MAX_AVATAR_BYTES = 256 * 1024;

function avatarOf(
  entry: Entry,
  attribute: string,
): { avatar: Uint8Array | null; avatarSha256: string | null } {
  const value = entry[attribute];
  const bytes = Array.isArray(value) ? value[0] : value;
  // Only images Tidings serves count: anything else is as if there were no photo.
  if (!Buffer.isBuffer(bytes) || bytes.length > MAX_AVATAR_BYTES || !avatarMimeOf(bytes))
    return { avatar: null, avatarSha256: null };
  return { avatar: bytes, avatarSha256: createHash('sha256').update(bytes).digest('hex') };
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
      locale: first(entry, m.locale),
      ...avatarOf(entry, m.avatar),
      orgUnits:
        m.departmentTree === 'attribute'
          ? departmentPath(first(entry, m.department))
          : orgUnitPath(entry.dn, this.config.baseDn),
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
        m.locale,
        m.avatar,
        'cn',
        ...(m.disabled ? [m.disabled.attribute] : []),
      ]),
    ];
  }

  private searchOptions(filter: string, attributes: string[]) {
    return {
      scope: 'sub' as const,
      filter,
      attributes,
      paged: { pageSize: PAGE_SIZE },
      // Binary values must not be decoded as UTF-8: the AD GUID and the photo.
      explicitBufferAttributes: [
        ...(this.mapping.externalIdFormat === 'ad-guid' ? [this.mapping.externalId] : []),
        this.mapping.avatar,
      ],
    };
  }

  private search(client: Client, filter: string, attributes: string[]) {
    return client.search(this.config.baseDn, this.searchOptions(filter, attributes));
  }

  /** All pages of a search, reporting progress after each (a sync shows how far it got). */
  private async searchAll(
    client: Client,
    filter: string,
    attributes: string[],
    onPage?: (entriesSoFar: number) => void,
  ): Promise<Entry[]> {
    const entries: Entry[] = [];
    const pages = client.searchPaginated(
      this.config.baseDn,
      this.searchOptions(filter, attributes),
    );
    for await (const page of pages) {
      entries.push(...page.searchEntries);
      onPage?.(entries.length);
    }
    return entries;
  }

  /**
   * The users the user filter selects — all of them, or with `since` only those changed at or
   * after that directory timestamp (a delta). An entry that cannot be mapped (no username, a
   * malformed id) is reported with its DN instead of failing the whole read.
   */
  async readUsers(options: ReadUsersOptions = {}): Promise<UserRead> {
    const filter = options.since
      ? `(&${this.mapping.userFilter}${escapeFilter`(${this.mapping.modifiedAt}>=${options.since})`})`
      : this.mapping.userFilter;
    return withLdap(this.config, async (client) => {
      const entries = await this.searchAll(client, filter, this.userAttributes(), options.onPage);
      const read: UserRead = {
        users: [],
        unreadable: [],
        unreadableIds: new Set(),
        highWater: null,
      };
      for (const entry of entries) {
        const stamp = first(entry, this.mapping.modifiedAt);
        // Generalized times of one server sort as strings (same zone, same precision).
        if (stamp && (read.highWater === null || stamp > read.highWater)) read.highWater = stamp;
        try {
          read.users.push(this.toUser(entry));
        } catch (error) {
          read.unreadable.push({ dn: entry.dn, message: (error as Error).message });
          const id = this.tryExternalIdOf(entry);
          if (id) read.unreadableIds.add(id);
        }
      }
      return read;
    });
  }

  /** The stable ids of every user the filter selects — cheap, for finding removals in a delta. */
  async readUserIds(): Promise<Set<string>> {
    return withLdap(this.config, async (client) => {
      const entries = await this.searchAll(client, this.mapping.userFilter, [
        this.mapping.externalId,
      ]);
      return new Set(
        entries.map((entry) => this.tryExternalIdOf(entry)).filter((id) => id !== null),
      );
    });
  }

  private tryExternalIdOf(entry: Entry): string | null {
    try {
      return this.externalIdOf(entry);
    } catch {
      return null;
    }
  }

  async readGroups(): Promise<LdapGroup[]> {
    const m = this.mapping;
    return withLdap(this.config, async (client) => {
      const attributes = [m.externalId, m.groupName, ...m.groupMembers.map((g) => g.attribute)];
      const entries = await this.searchAll(client, m.groupFilter, attributes);
      return entries.map((entry) => ({
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
