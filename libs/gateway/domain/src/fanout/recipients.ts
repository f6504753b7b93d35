/**
 * Who receives a stored `messaging.*` or `directory.*` event over the gateway — decided per
 * event type, and written down in docs/realtime.md (_Who receives what_). A type missing here
 * is delivered to nobody: a new event must be added deliberately, so nothing reaches people who
 * may not see it. (Presence changes are ephemeral and have their own audience: see
 * presence-frames.ts.)
 */
export type RecipientRule =
  /** The conversation's active members (asked of messaging through the audience port). */
  | 'members'
  /** The members, and the user the event is about, who may no longer be one (left, removed). */
  | 'members_and_subject'
  /** The members the event itself lists (a conversation's first members, at creation). */
  | 'listed_members'
  /**
   * The user the event is about, and the conversation's other active members when there are
   * few enough of them for read receipts (RECEIPTS_MAX_MEMBERS); in a bigger conversation, the
   * user only. The member count is the audience's length: no second lookup.
   */
  | 'subject_and_receipt_members'
  /** The people who share a conversation with the user the event is about (asked of messaging). */
  | 'peers'
  /** Those peers and the user themself (their other devices show their own profile too). */
  | 'peers_and_subject';

export const RECIPIENT_RULES: Readonly<Record<string, RecipientRule>> = {
  'messaging.message.sent': 'members',
  'messaging.message.edited': 'members',
  'messaging.message.deleted': 'members',
  'messaging.message.pinned': 'members',
  'messaging.message.unpinned': 'members',
  // A card's new version (a click answered, an approval recorded): everyone who sees the message.
  'messaging.message.card_updated': 'members',
  // Retention cleared a message's content: everyone who sees the message drops its text.
  'messaging.message.purged': 'members',
  'messaging.reaction.added': 'members',
  'messaging.reaction.removed': 'members',
  'messaging.file.uploaded': 'members',
  // A call's every change: rings reach all of a callee's devices, and a device that resumes
  // learns the call was answered elsewhere or ended (docs/calls.md).
  'messaging.call.updated': 'members',
  'messaging.conversation.updated': 'members',
  'messaging.conversation.archived': 'members',
  'messaging.conversation.unarchived': 'members',
  'messaging.member.role_changed': 'members',
  // The joiner is a member by the time the audience is asked; named anyway, so a lagging
  // audience cache cannot leave them out of their own join.
  'messaging.member.joined': 'members_and_subject',
  // The one who left is no member any more, but their devices must hear it to drop the chat.
  'messaging.member.left': 'members_and_subject',
  'messaging.conversation.created': 'listed_members',
  // The reader's other devices clear their badges; in a conversation small enough for read
  // receipts the other members update "Seen by" live. Bigger ones show no receipts (their REST
  // route refuses), so there a read position stays the reader's business.
  'messaging.read.updated': 'subject_and_receipt_members',
  // Directory events the client needs live, to redraw names and mark people deactivated in the
  // conversations it shows. The others (created, group and department changes) concern nobody's
  // open screen: a client reads them through REST when it opens the directory.
  // (A reactivation reaches the same people as messaging's `member.joined` of each conversation
  // the person returns to.)
  'directory.user.updated': 'peers_and_subject',
  // The user's own sockets are closed by the session revocation that follows (4410).
  'directory.user.deactivated': 'peers',
};

/**
 * Read receipts are shown in conversations of at most this many active members — messaging's
 * RECEIPTS_MAX_MEMBERS (`GET /conversations/{id}/receipts` refuses beyond it). Repeated here
 * because the gateway may not import messaging; the host's realtime-receipts integration spec
 * checks the two agree.
 */
export const RECEIPTS_MAX_MEMBERS = 50;

/** Topics whose events the fan-out stores for their recipients. */
export const FANOUT_TOPICS = ['messaging', 'directory'] as const;

/** Which audience deciding the event's recipients needs: a conversation's members, a person's peers. */
export type AudienceKind = 'conversation' | 'peers';

export function recipientRuleOf(type: string): RecipientRule | undefined {
  return Object.hasOwn(RECIPIENT_RULES, type) ? RECIPIENT_RULES[type] : undefined;
}

/** Whether deciding the event's recipients needs the conversation's members. */
export function needsAudience(type: string): boolean {
  return audienceKindOf(type) === 'conversation';
}

export function audienceKindOf(type: string): AudienceKind | undefined {
  switch (recipientRuleOf(type)) {
    case 'members':
    case 'members_and_subject':
    case 'subject_and_receipt_members':
      return 'conversation';
    case 'peers':
    case 'peers_and_subject':
      return 'peers';
    default:
      return undefined;
  }
}

/** Fields of event payloads the rules read; the contracts validate them before this runs. */
export interface RecipientFacts {
  conversationId?: unknown;
  userId?: unknown;
  members?: unknown;
}

/**
 * The user ids that receive the event, each once, in a stable order (sorted: the fan-out locks
 * per-user sequence rows in this order, so two writers never wait on each other in a cycle).
 * `audience` is the conversation's active members, or the subject's peers, when the rule needs
 * them (see audienceKindOf).
 */
export function recipientsOf(
  type: string,
  data: RecipientFacts,
  audience: readonly string[] = [],
): string[] {
  const rule = recipientRuleOf(type);
  const ids = new Set<string>();
  const subject = typeof data.userId === 'string' ? data.userId : undefined;
  switch (rule) {
    case undefined:
      return [];
    case 'members':
      for (const id of audience) ids.add(id);
      break;
    case 'peers':
      for (const id of audience) ids.add(id);
      if (subject) ids.delete(subject);
      break;
    case 'members_and_subject':
    case 'peers_and_subject':
      for (const id of audience) ids.add(id);
      if (subject) ids.add(subject);
      break;
    case 'listed_members':
      if (Array.isArray(data.members)) {
        for (const m of data.members) {
          const id = (m as { userId?: unknown } | null)?.userId;
          if (typeof id === 'string') ids.add(id);
        }
      }
      break;
    case 'subject_and_receipt_members':
      if (audience.length <= RECEIPTS_MAX_MEMBERS) for (const id of audience) ids.add(id);
      if (subject) ids.add(subject);
      break;
  }
  return [...ids].sort();
}

/**
 * Events after which the cached audience of their conversation is stale: membership changed,
 * or the conversation was created (a cache miss may have stored "no members" for it).
 */
export function changesAudience(type: string): boolean {
  return (
    type === 'messaging.member.joined' ||
    type === 'messaging.member.left' ||
    type === 'messaging.conversation.created'
  );
}
