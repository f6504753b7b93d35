import type { MessagingStore } from '@tidings/messaging/data-access';
import { maySend } from '@tidings/messaging/domain';
import { NotFoundError } from '@tidings/platform/errors';
import { accessOf } from '../access';
import { userCaller } from '../caller';
import type { ConversationAccess } from './conversation-access';

/**
 * The ConversationAccess port answered by messaging's own conversations, with the same rules
 * as messages: a file may be read by whoever may read the conversation's messages (members;
 * anyone for a public channel), and uploaded by whoever may send into it (an active member of a
 * conversation that is not archived). Not bound by default — see libs/host/src/files-wiring.ts.
 * `store` is `messagingStore(dataSource)`: each question is one read of its own.
 */
export function membershipConversationAccess(store: MessagingStore): ConversationAccess {
  const access = (userId: string, conversationId: string) =>
    accessOf(store, conversationId, userCaller(userId)).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
  return {
    async canRead(userId, conversationId) {
      return (await access(userId, conversationId)) !== null;
    },
    async canWrite(userId, conversationId) {
      const found = await access(userId, conversationId);
      return found !== null && maySend(found.facts, found.standing).ok;
    },
  };
}
