import type { ConversationRecord, MessagingStore } from '@tidings/messaging/data-access';
import type { Call } from '@tidings/messaging/domain';
import { DomainError, NotFoundError } from '@tidings/platform/errors';
import type { Caller } from '../caller';

export function callNotFound(): NotFoundError {
  return new NotFoundError('messaging.call.not_found', 'No such call.');
}

export function notMember(): DomainError {
  return new DomainError(
    'messaging.conversation.not_member',
    'forbidden',
    'Only members of the conversation take part in its calls.',
  );
}

/**
 * A call and its conversation, for an active member of that conversation only. `lock` takes
 * the call's row lock first (see CallRepository.find): every command on a call reads it this
 * way, so they take turns.
 */
export async function callAccessOf(
  store: MessagingStore,
  caller: Caller,
  callId: string,
  options: { lock?: boolean } = {},
): Promise<{ call: Call; conversation: ConversationRecord }> {
  const call = await store.calls.find(callId, options);
  if (!call) throw callNotFound();
  const found = await store.conversations.withMember(call.conversationId, caller.id);
  if (!found || found.member?.status !== 'active') throw notMember();
  return { call, conversation: found.conversation };
}
