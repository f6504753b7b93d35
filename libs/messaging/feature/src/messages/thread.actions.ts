import { messagingStore } from '@tidings/messaging/data-access';
import { mayFollow } from '@tidings/messaging/domain';
import type { TransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import type { Caller } from '../caller';
import { enforce } from '../errors';
import { messageAccessOf } from './message-access';

/**
 * Following threads. Replying follows (and so does the root's author, from the first reply
 * on — see the send path); this is the explicit switch. A per-person preference, like a read
 * position: allowed in archived conversations, and it publishes no event.
 */
export class ThreadActions {
  constructor(private readonly runner: TransactionRunner) {}

  async setFollowing(caller: Caller, rootId: string, following: boolean): Promise<void> {
    await this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { message, access } = await messageAccessOf(store, caller, rootId);
      if (!access.member)
        throw new DomainError(
          'messaging.conversation.not_member',
          'forbidden',
          'Join this conversation to follow its threads.',
        );
      enforce(
        mayFollow({
          threadRootId: message.threadRootId ?? null,
          deleted: message.deletedAt !== null,
          system: Boolean(message.system),
        }),
      );
      await store.threads.setFollowing(rootId, caller.id, following, Date.now());
    });
  }
}
