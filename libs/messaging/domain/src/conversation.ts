import { createHash } from 'node:crypto';
import { ALLOWED, refuse, type Decision } from './decision';

/**
 * `direct`: two people (or one, talking to themselves), unique per pair. `group`: a group
 * direct conversation of 3–50 fixed members, unique per member set. `channel`: named, public
 * (anyone may read and join) or private (members only), members come and go.
 */
export const CONVERSATION_KINDS = ['direct', 'group', 'channel'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];
export type Visibility = 'public' | 'private';

/** Group direct conversations hold at most this many people, their creator included. */
export const GROUP_MAX_MEMBERS = 50;
/** Read receipts are shown only in conversations this small (beyond, they are noise and cost). */
export const RECEIPTS_MAX_MEMBERS = 50;

export const NAME_MAX = 80;
export const TOPIC_MAX = 250;
export const PURPOSE_MAX = 250;

export interface ConversationFacts {
  kind: ConversationKind;
  visibility: Visibility;
  archived: boolean;
}

/**
 * The key that makes a direct or group conversation unique for its member set, whoever opens
 * it and in whichever order the ids come: a pair keeps its ids readable, a group is hashed so
 * 50 ids fit one indexed column.
 */
export function directKey(kind: 'direct' | 'group', memberIds: readonly string[]): string {
  const ids = [...new Set(memberIds)].sort();
  if (kind === 'direct') {
    if (ids.length < 1 || ids.length > 2)
      throw new Error('a direct conversation has 1 or 2 people');
    const [a, b = a] = ids as [string, string?];
    return `d:${a}:${b}`;
  }
  return `g:${createHash('sha256').update(ids.join('\n')).digest('hex')}`;
}

/**
 * Who a new group conversation holds: the creator plus the others, deduplicated. Too few is a
 * direct conversation (or nothing), too many is a channel.
 */
export function groupMembers(creatorId: string, others: readonly string[]): string[] | Decision {
  const members = [...new Set([creatorId, ...others])];
  if (members.length < 3)
    return refuse(
      'messaging.group.too_small',
      'unprocessable',
      'A group conversation needs at least two other people; open a direct conversation instead.',
    );
  if (members.length > GROUP_MAX_MEMBERS)
    return refuse(
      'messaging.group.too_large',
      'unprocessable',
      `A group conversation holds at most ${GROUP_MAX_MEMBERS} people; create a channel instead.`,
    );
  return members;
}

/** A channel name as stored: trimmed, inner runs of white space made one space. */
export function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Public channels are readable by anyone allowed to read messages; the rest by members only. */
export function isVisibleTo(conversation: ConversationFacts, isMember: boolean): boolean {
  return isMember || (conversation.kind === 'channel' && conversation.visibility === 'public');
}

/** Every change to an archived conversation is refused; reading (and marking read) is not. */
export function mayChange(conversation: ConversationFacts): Decision {
  return conversation.archived
    ? refuse(
        'messaging.conversation.archived',
        'forbidden',
        'This conversation is archived: it can be read, not changed.',
      )
    : ALLOWED;
}

/** Only channels have a name, members who come and go, and an end (archive). */
export function mustBeChannel(conversation: ConversationFacts, what: string): Decision {
  return conversation.kind === 'channel'
    ? ALLOWED
    : refuse(
        'messaging.conversation.not_a_channel',
        'unprocessable',
        `Direct and group conversations have fixed members: ${what} is for channels.`,
      );
}

export function receiptsAllowed(memberCount: number): Decision {
  return memberCount <= RECEIPTS_MAX_MEMBERS
    ? ALLOWED
    : refuse(
        'messaging.receipts.too_many_members',
        'unprocessable',
        `Read receipts are shown in conversations of at most ${RECEIPTS_MAX_MEMBERS} members.`,
      );
}
