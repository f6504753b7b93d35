import type { MessageRecord, MessagingStore } from '@tidings/messaging/data-access';
import { DomainError } from '@tidings/platform/errors';
import { accessOf, type Access } from '../access';
import type { Caller } from '../caller';
import { messageNotFound } from '../errors';

/**
 * A message and the caller's access to its conversation — 404 `messaging.message.not_found`
 * for both a missing message and one in a conversation the caller may not see.
 */
export async function messageAccessOf(
  store: MessagingStore,
  caller: Caller,
  messageId: string,
): Promise<{ message: MessageRecord; access: Access }> {
  const message = await store.messages.findById(messageId);
  if (!message) throw messageNotFound();
  try {
    return { message, access: await accessOf(store, message.conversationId, caller) };
  } catch (error) {
    if (error instanceof DomainError && error.code === 'messaging.conversation.not_found')
      throw messageNotFound();
    throw error;
  }
}
