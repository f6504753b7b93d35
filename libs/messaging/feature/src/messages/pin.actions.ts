import { messagePinnedV1, messageUnpinnedV1 } from '@tidings/contracts';
import { messagingStore } from '@tidings/messaging/data-access';
import { mayPin } from '@tidings/messaging/domain';
import type { TransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import { actorOf, type Caller } from '../caller';
import { enforce } from '../errors';
import { messageAccessOf } from './message-access';

/**
 * Pinning messages to their conversation. Who may: roles.ts `mayPin` (any member in direct
 * and group conversations, owners and admins in channels). Pinning twice, or unpinning what
 * is not pinned, changes nothing and publishes nothing.
 */
export class PinActions {
  constructor(private readonly runner: TransactionRunner) {}

  /** Answers whether this call pinned it. */
  async pin(caller: Caller, messageId: string): Promise<boolean> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { message, access } = await messageAccessOf(store, caller, messageId);
      enforce(mayPin(access.facts, access.standing));
      if (message.deletedAt !== null)
        throw new DomainError('messaging.message.deleted', 'conflict', 'This message was deleted.');
      const at = Date.now();
      if (!(await store.pins.pin(message.conversationId, messageId, caller.id, at))) return false;
      tx.publish(messagePinnedV1, {
        key: message.conversationId,
        actor: actorOf(caller),
        data: {
          conversationId: message.conversationId,
          messageId,
          seq: message.seq,
          pinnedBy: caller.id,
          pinnedAt: new Date(at).toISOString(),
        },
      });
      return true;
    });
  }

  /** Answers whether this call unpinned it. */
  async unpin(caller: Caller, messageId: string): Promise<boolean> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { message, access } = await messageAccessOf(store, caller, messageId);
      enforce(mayPin(access.facts, access.standing));
      if (!(await store.pins.unpin(messageId))) return false;
      const at = Date.now();
      tx.publish(messageUnpinnedV1, {
        key: message.conversationId,
        actor: actorOf(caller),
        data: {
          conversationId: message.conversationId,
          messageId,
          seq: message.seq,
          unpinnedBy: caller.id,
          unpinnedAt: new Date(at).toISOString(),
        },
      });
      return true;
    });
  }
}
