export type UserSource = 'local' | 'ldap';
export type UserStatus = 'active' | 'deactivated';

/** A person in the directory. Deactivated people stay (their messages keep their author). */
export interface DirectoryUser {
  id: string;
  source: UserSource;
  /** entryUUID / objectGUID for LDAP users; null for local ones. */
  externalId: string | null;
  dn: string | null;
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  employeeNumber: string | null;
  department: string | null;
  /** BCP 47 tag the person prefers (`zh-CN`), from the directory's preferredLanguage. */
  locale: string | null;
  /** SHA-256 of the avatar image, when the directory has one (served by the avatar route). */
  avatarSha256: string | null;
  orgUnitId: string | null;
  status: UserStatus;
  createdAt: number;
  updatedAt: number;
}

export type NewDirectoryUser = Omit<DirectoryUser, 'createdAt' | 'updatedAt'>;
export type DirectoryUserPatch = Partial<
  Omit<DirectoryUser, 'id' | 'source' | 'createdAt' | 'updatedAt'>
>;

export interface DirectoryUserRepository {
  findById(id: string): Promise<DirectoryUser | undefined>;
  findByUsername(username: string): Promise<DirectoryUser | undefined>;
  /** By e-mail (case-insensitive) or employee number (exact); at most 10, by username. */
  findByContact(by: { email: string } | { employeeNumber: string }): Promise<DirectoryUser[]>;
  listBySource(source: UserSource): Promise<DirectoryUser[]>;
  insert(user: NewDirectoryUser): Promise<void>;
  update(id: string, patch: DirectoryUserPatch): Promise<void>;
}
