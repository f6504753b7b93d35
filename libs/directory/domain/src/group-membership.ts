import { parseDn } from './dn';

/**
 * Group membership as the directory states it, resolved to people. Groups name their members
 * by DN (groupOfNames, groupOfUniqueNames, AD groups) or by username (posixGroup's memberUid);
 * a member DN can be another group, whose members count too — to any depth, cycles included
 * (AD allows them; a cycle must not hang the sync). Pure, so the rules are unit-tested.
 */
export interface IncomingGroup {
  externalId: string;
  dn: string;
  name: string;
  memberDns: string[];
  memberUids: string[];
}

/** A person the membership can point at: Tidings' id plus the ways a group names them. */
export interface MemberCandidate {
  id: string;
  dn: string;
  username: string;
}

export interface ResolvedGroup {
  externalId: string;
  dn: string;
  name: string;
  /** People listed in the group itself (Tidings ids, sorted). */
  directMembers: string[];
  /** Groups listed in the group itself (external ids, sorted). */
  childGroups: string[];
  /** Everyone in the group or any group nested in it (Tidings ids, sorted). */
  members: string[];
}

/**
 * A comparable form of a DN: types and values case-folded, escapes undone — so
 * `CN=Carol Chen,OU=Platform` and `cn=carol chen,ou=platform` are the same entry, and
 * `\2C` equals `\,`. Unparseable DNs compare by their lower-cased text.
 */
export function dnKey(dn: string): string {
  try {
    return parseDn(dn)
      .map((rdn) => `${rdn.type.toLowerCase()}=${rdn.value.toLowerCase()}`)
      .join('\u0000');
  } catch {
    return dn.toLowerCase();
  }
}

export function resolveGroups(groups: IncomingGroup[], people: MemberCandidate[]): ResolvedGroup[] {
  const personByDn = new Map(people.map((p) => [dnKey(p.dn), p.id]));
  const personByUsername = new Map(people.map((p) => [p.username.toLowerCase(), p.id]));
  const groupByDn = new Map(groups.map((g) => [dnKey(g.dn), g]));

  const direct = new Map<string, { people: Set<string>; groups: Set<string> }>();
  for (const group of groups) {
    const own = { people: new Set<string>(), groups: new Set<string>() };
    for (const dn of group.memberDns) {
      const key = dnKey(dn);
      const person = personByDn.get(key);
      if (person) own.people.add(person);
      else {
        const child = groupByDn.get(key);
        if (child && child.externalId !== group.externalId) own.groups.add(child.externalId);
      }
      // Anything else (a computer, a user outside the base DN or not synced) is not a member.
    }
    for (const uid of group.memberUids) {
      const person = personByUsername.get(uid.toLowerCase());
      if (person) own.people.add(person);
    }
    direct.set(group.externalId, own);
  }

  return groups.map((group) => {
    const own = direct.get(group.externalId) ?? { people: new Set(), groups: new Set() };
    // Breadth-first over nested groups; `visited` makes cycles harmless.
    const members = new Set(own.people);
    const visited = new Set([group.externalId]);
    const queue = [...own.groups];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (visited.has(next)) continue;
      visited.add(next);
      const nested = direct.get(next);
      if (!nested) continue;
      for (const person of nested.people) members.add(person);
      queue.push(...nested.groups);
    }
    return {
      externalId: group.externalId,
      dn: group.dn,
      name: group.name,
      directMembers: [...own.people].sort(),
      childGroups: [...own.groups].sort(),
      members: [...members].sort(),
    };
  });
}

/** Who joined and who left a group between two resolutions. */
export function membershipDiff(
  before: readonly string[],
  after: readonly string[],
): { added: string[]; removed: string[] } {
  const was = new Set(before);
  const now = new Set(after);
  return {
    added: after.filter((id) => !was.has(id)),
    removed: before.filter((id) => !now.has(id)),
  };
}
