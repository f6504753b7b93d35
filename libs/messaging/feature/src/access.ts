import type {
  ConversationRecord,
  MemberRecord,
  MessagingStore,
} from '@tidings/messaging/data-access';
import { isVisibleTo, type ConversationFacts, type Standing } from '@tidings/messaging/domain';
import type { Caller } from './caller';
import { conversationNotFound } from './errors';

export interface Access {
  conversation: ConversationRecord;
  facts: ConversationFacts;
  /** The caller's active membership, if any. */
  member: MemberRecord | undefined;
  standing: Standing;
}

export function factsOf(conversation: ConversationRecord): ConversationFacts {
  return {
    kind: conversation.kind,
    visibility: conversation.visibility,
    archived: conversation.archivedAt !== null,
  };
}

/**
 * The conversation as the caller may see it, in one read — or 404 when it does not exist or is
 * private to others: a non-member never learns that a private conversation exists.
 */
export async function accessOf(
  store: MessagingStore,
  conversationId: string,
  caller: Caller,
): Promise<Access> {
  return accessFrom(await store.conversations.withMember(conversationId, caller.id), caller);
}

/** accessOf over a conversation and membership already read (e.g. for a batch of sends). */
export function accessFrom(
  found: { conversation: ConversationRecord; member: MemberRecord | undefined } | undefined,
  caller: Caller,
): Access {
  if (!found) throw conversationNotFound();
  const member = found.member?.status === 'active' ? found.member : undefined;
  const facts = factsOf(found.conversation);
  if (!isVisibleTo(facts, member !== undefined)) throw conversationNotFound();
  return {
    conversation: found.conversation,
    facts,
    member,
    standing: { role: member?.role ?? null, moderator: caller.moderator },
  };
}
