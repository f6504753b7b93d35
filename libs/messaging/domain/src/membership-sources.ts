import { mayChange, mustBeChannel, type ConversationFacts } from './conversation';
import { ALLOWED, refuse, type Decision } from './decision';
import { all, type MemberRole, type Standing } from './roles';

/**
 * A channel whose membership the directory drives: it follows a directory group, or a
 * department subtree. People come and go with the directory; owners and admins stay whatever
 * happens (they run the channel), and so do members the directory does not know — bots and
 * integrations that joined to post.
 */
export type MembershipSource =
  { kind: 'group'; groupId: string } | { kind: 'department'; orgUnitId: string; path: string[] };

/** Department paths deeper than this are not a real tree. */
export const DEPARTMENT_MAX_DEPTH = 32;

/**
 * Mapping pulls a whole group or department into a channel — possibly thousands of people —
 * so it is for those holding `messaging.manage`, as linking channels to IdP groups is an
 * organisation admin's job in Slack, not a channel owner's.
 */
export function mayMapMembership(conversation: ConversationFacts, standing: Standing): Decision {
  return all(
    () => mustBeChannel(conversation, 'following a directory group or department'),
    () => mayChange(conversation),
    () =>
      standing.moderator
        ? ALLOWED
        : refuse(
            'messaging.role.insufficient',
            'forbidden',
            'Only an administrator (messaging.manage) maps a channel to the directory.',
          ),
  );
}

/**
 * A department path as one comparable string: each name URI-encoded (so no name can contain
 * the separator), each followed by "/". A descendant's key starts with its ancestor's key,
 * and "Sales" never matches "Sales Ops".
 */
export function departmentKey(path: readonly string[]): string {
  return path.map((name) => `${encodeURIComponent(name)}/`).join('');
}

/** The keys of a path and of every ancestor: the departments a person is within. */
export function departmentKeysWithin(path: readonly string[]): string[] {
  return path.map((_, i) => departmentKey(path.slice(0, i + 1)));
}

export function isWithin(personPath: readonly string[], department: readonly string[]): boolean {
  return (
    department.length > 0 &&
    personPath.length >= department.length &&
    department.every((name, i) => personPath[i] === name)
  );
}

export interface CurrentMember {
  userId: string;
  role: MemberRole;
  status: 'active' | 'deactivated';
}

export interface MembershipChange {
  /** People to make members (active, known, not yet in the channel in any status). */
  add: string[];
  /** Memberships to end: plain members the directory knows who are not (any longer) wanted. */
  remove: string[];
}

/**
 * Brings a channel in line with the people its source holds. `wanted`: the source's active
 * people; `known`: everyone the users projection has (so anyone else — a bot, an
 * integration — is not the directory's to remove). A deactivated member who is still wanted
 * keeps their row: reactivation brings them back.
 */
export function reconcile(
  current: readonly CurrentMember[],
  wanted: ReadonlySet<string>,
  known: ReadonlySet<string>,
): MembershipChange {
  const present = new Set(current.map((m) => m.userId));
  return {
    add: [...wanted].filter((id) => !present.has(id)).sort(),
    remove: current
      .filter((m) => m.role === 'member' && known.has(m.userId) && !wanted.has(m.userId))
      .map((m) => m.userId)
      .sort(),
  };
}
