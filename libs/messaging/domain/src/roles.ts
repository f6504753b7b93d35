import { mayChange, mustBeChannel, type ConversationFacts } from './conversation';
import { ALLOWED, refuse, type Decision } from './decision';
import { notifiesEveryone, type BroadcastMention } from './mentions';

/**
 * Roles inside one conversation. A channel's creator is its owner; owners make admins; admins
 * look after members. Direct and group conversations have members only. A "moderator" holds
 * the instance-wide `messaging.manage` permission and acts as an owner in the channels they
 * can see — never as a member (they must join to post) and never in someone's direct messages.
 */
export const MEMBER_ROLES = ['owner', 'admin', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Standing {
  /** The caller's role in the conversation, or null when not an (active) member. */
  role: MemberRole | null;
  moderator: boolean;
}

const RANK: Record<MemberRole, number> = { member: 0, admin: 1, owner: 2 };

function managing(conversation: ConversationFacts, standing: Standing): MemberRole | null {
  return standing.moderator && conversation.kind === 'channel' ? 'owner' : standing.role;
}

const notMember = refuse(
  'messaging.conversation.not_member',
  'forbidden',
  'Join this conversation first.',
);

function roleAtLeast(
  conversation: ConversationFacts,
  standing: Standing,
  least: MemberRole,
  what: string,
): Decision {
  const role = managing(conversation, standing);
  if (role === null) return notMember;
  return RANK[role] >= RANK[least]
    ? ALLOWED
    : refuse(
        'messaging.role.insufficient',
        'forbidden',
        `Only a channel ${least === 'owner' ? 'owner' : 'owner or admin'} may ${what}.`,
      );
}

/** Runs rules in order and answers with the first refusal. */
export function all(...decisions: Array<() => Decision>): Decision {
  for (const decide of decisions) {
    const decision = decide();
    if (!decision.ok) return decision;
  }
  return ALLOWED;
}

export function maySend(conversation: ConversationFacts, standing: Standing): Decision {
  return all(
    () => mayChange(conversation),
    () => (standing.role === null ? notMember : ALLOWED),
  );
}

/**
 * `@all`/`@channel` in a channel larger than `limit` members are for its owners and admins
 * (and moderators); `@here` and names are for everyone.
 */
export function mayMention(
  conversation: ConversationFacts,
  standing: Standing,
  broadcast: BroadcastMention | null,
  memberCount: number,
  limit: number,
  /** `@department` is limited like `@all`: it may page a whole department of a big channel. */
  department = false,
): Decision {
  if (
    (!notifiesEveryone(broadcast) && !department) ||
    conversation.kind !== 'channel' ||
    memberCount <= limit
  )
    return ALLOWED;
  const role = managing(conversation, standing);
  return role === 'owner' || role === 'admin'
    ? ALLOWED
    : refuse(
        'messaging.mention.not_allowed',
        'forbidden',
        `In channels of more than ${limit} members only owners and admins may notify everyone or a department.`,
      );
}

/** The name is the owners' and admins'; topic and purpose any member may set. */
export function mayUpdate(
  conversation: ConversationFacts,
  standing: Standing,
  changes: { name: boolean },
): Decision {
  return all(
    () => mustBeChannel(conversation, 'a name, topic or purpose'),
    () => mayChange(conversation),
    () => roleAtLeast(conversation, standing, changes.name ? 'admin' : 'member', 'rename it'),
  );
}

export function mayArchive(conversation: ConversationFacts, standing: Standing): Decision {
  return all(
    () => mustBeChannel(conversation, 'archiving'),
    () => mayChange(conversation),
    () => roleAtLeast(conversation, standing, 'admin', 'archive it'),
  );
}

/**
 * Unarchiving undoes an archive, so the same people may do it: a channel's owners and admins,
 * and moderators (who act as owners in the channels they can see). Only an archived channel
 * can be reopened: asking again is a conflict, not a quiet success, so two people reopening
 * at once learn that one of them did it.
 */
export function mayUnarchive(conversation: ConversationFacts, standing: Standing): Decision {
  return all(
    () => mustBeChannel(conversation, 'unarchiving'),
    () =>
      conversation.archived
        ? ALLOWED
        : refuse(
            'messaging.conversation.not_archived',
            'conflict',
            'This channel is not archived.',
          ),
    () => roleAtLeast(conversation, standing, 'admin', 'unarchive it'),
  );
}

export function mayJoin(conversation: ConversationFacts): Decision {
  return all(
    () => mustBeChannel(conversation, 'joining'),
    () => mayChange(conversation),
    // Unreachable through the API (a private channel is invisible to non-members: 404 first),
    // kept so the rule stands on its own.
    () =>
      conversation.visibility === 'public'
        ? ALLOWED
        : refuse(
            'messaging.conversation.private',
            'forbidden',
            'A private channel is joined by invitation.',
          ),
  );
}

/**
 * A channel keeps an owner while it has members: the last owner hands over (makes another
 * member owner) before leaving — unless nobody else is left to hand over to.
 */
export function mayLeave(
  conversation: ConversationFacts,
  role: MemberRole,
  counts: { otherOwners: number; otherMembers: number },
): Decision {
  return all(
    () => mustBeChannel(conversation, 'leaving'),
    () => mayChange(conversation),
    () =>
      role === 'owner' && counts.otherOwners === 0 && counts.otherMembers > 0
        ? refuse(
            'messaging.member.owner_must_hand_over',
            'conflict',
            'You are the last owner: make another member owner before leaving.',
          )
        : ALLOWED,
  );
}

/**
 * Anyone in a public channel may bring people in; in a private one, owners and admins. Making
 * someone admin or owner on the way in takes an owner.
 */
export function mayInvite(
  conversation: ConversationFacts,
  standing: Standing,
  granted: MemberRole,
): Decision {
  return all(
    () => mustBeChannel(conversation, 'inviting'),
    () => mayChange(conversation),
    () =>
      roleAtLeast(
        conversation,
        standing,
        conversation.visibility === 'public' ? 'member' : 'admin',
        'invite to a private channel',
      ),
    () =>
      granted === 'member'
        ? ALLOWED
        : roleAtLeast(conversation, standing, 'owner', `make someone ${granted}`),
  );
}

/** Owners remove admins and members, admins remove members; an owner is demoted first. */
export function mayRemove(
  conversation: ConversationFacts,
  standing: Standing,
  target: MemberRole,
): Decision {
  return all(
    () => mustBeChannel(conversation, 'removing members'),
    () => mayChange(conversation),
    () => roleAtLeast(conversation, standing, 'admin', 'remove members'),
    () =>
      target === 'owner'
        ? refuse(
            'messaging.member.is_owner',
            'conflict',
            'An owner cannot be removed; another owner can make them admin or member first.',
          )
        : target === 'admin'
          ? roleAtLeast(conversation, standing, 'owner', 'remove an admin')
          : ALLOWED,
  );
}

/** Roles are the owners' to give and take, and a channel never loses its last owner. */
export function mayChangeRole(
  conversation: ConversationFacts,
  standing: Standing,
  change: { from: MemberRole; to: MemberRole; otherOwners: number },
): Decision {
  return all(
    () => mustBeChannel(conversation, 'roles'),
    () => mayChange(conversation),
    () => roleAtLeast(conversation, standing, 'owner', 'change roles'),
    () =>
      change.from === 'owner' && change.to !== 'owner' && change.otherOwners === 0
        ? refuse(
            'messaging.member.last_owner',
            'conflict',
            'This is the last owner: make another member owner first.',
          )
        : ALLOWED,
  );
}

export interface MessageFacts {
  senderId: string;
  deleted: boolean;
  /** A system message (X joined, the channel was renamed): its "sender" is who did it. */
  system?: boolean;
}

/** Only its author edits a message; a deleted one stays deleted; a notice is no one's text. */
export function mayEdit(
  conversation: ConversationFacts,
  message: MessageFacts,
  callerId: string,
): Decision {
  return all(
    () => mayChange(conversation),
    () =>
      message.deleted
        ? refuse('messaging.message.deleted', 'conflict', 'This message was deleted.')
        : ALLOWED,
    () =>
      message.system
        ? refuse('messaging.message.system', 'forbidden', 'System messages cannot be edited.')
        : ALLOWED,
    () =>
      message.senderId === callerId
        ? ALLOWED
        : refuse('messaging.message.not_author', 'forbidden', 'Only its author edits a message.'),
  );
}

/**
 * Its author deletes a message; in a channel, so may its owners and admins (moderation). A
 * system message has no author in that sense — "alice joined" is not alice's to take back —
 * so only moderation removes one.
 */
export function mayDelete(
  conversation: ConversationFacts,
  message: MessageFacts,
  callerId: string,
  standing: Standing,
): Decision {
  return all(
    () => mayChange(conversation),
    () => {
      if (message.senderId === callerId && !message.system) return ALLOWED;
      const role = conversation.kind === 'channel' ? managing(conversation, standing) : null;
      return role === 'owner' || role === 'admin'
        ? ALLOWED
        : refuse(
            'messaging.message.not_author',
            'forbidden',
            "Only its author (or a channel's owners and admins) deletes a message.",
          );
    },
  );
}

/**
 * Pins are shared furniture: in a direct or group conversation any member pins (there are no
 * roles there); in a channel its owners and admins (and moderators) do, so a busy channel's
 * pins stay curated.
 */
export function mayPin(conversation: ConversationFacts, standing: Standing): Decision {
  return all(
    () => mayChange(conversation),
    () =>
      conversation.kind === 'channel'
        ? roleAtLeast(conversation, standing, 'admin', 'pin messages')
        : standing.role === null
          ? notMember
          : ALLOWED,
  );
}
