/** A directory group as Tidings keeps it: its resolved membership, and how it was stated. */
export interface DirectoryGroup {
  id: string;
  source: 'ldap' | 'local';
  externalId: string | null;
  dn: string | null;
  name: string;
  /** A group that left the directory is kept (conversations may still point at it). */
  status: 'active' | 'removed';
  memberCount: number;
  /** SHA-256 of the sorted resolved member ids (null for a group never resolved). */
  membersHash: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface GroupMembers {
  /** People listed in the group itself. */
  direct: string[];
  /** Everyone, nested groups included. */
  all: string[];
  /** Groups listed in the group itself (Tidings ids). */
  childGroups: string[];
}
