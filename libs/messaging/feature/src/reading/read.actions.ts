import { readUpdatedV1 } from '@tidings/contracts';
import { messagingStore } from '@tidings/messaging/data-access';
import type { TransactionRunner } from '@tidings/platform/bus';
import { DomainError } from '@tidings/platform/errors';
import { accessOf } from '../access';
import { actorOf, type Caller } from '../caller';

/** Read positions: the one piece of per-member state every device of a member shares. */
export class ReadActions {
  constructor(private readonly runner: TransactionRunner) {}

  /**
   * Everything up to `seq` is read. Monotonic — an older position (a slow device catching up)
   * changes nothing — and capped at the newest message. Allowed in archived conversations:
   * reading them is.
   */
  async markRead(
    caller: Caller,
    conversationId: string,
    seq: number,
  ): Promise<{ lastReadSeq: number }> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { conversation, member } = await accessOf(store, conversationId, caller);
      if (!member)
        throw new DomainError(
          'messaging.conversation.not_member',
          'forbidden',
          'Only members have a read position; join this channel first.',
        );
      const target = Math.min(seq, conversation.lastSeq);
      if (!(await store.members.markRead(conversationId, caller.id, target)))
        return { lastReadSeq: Math.max(member.lastReadSeq, target) };
      tx.publish(readUpdatedV1, {
        key: conversationId,
        actor: actorOf(caller),
        data: { conversationId, userId: caller.id, lastReadSeq: target },
      });
      return { lastReadSeq: target };
    });
  }

  /**
   * Mutes or unmutes a conversation for the caller, on all their devices: clients show no
   * desktop notifications from a muted one. Unread counts are unchanged. Members only.
   */
  async setMuted(caller: Caller, conversationId: string, muted: boolean): Promise<void> {
    await this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { member } = await accessOf(store, conversationId, caller);
      if (!member || !(await store.members.setMuted(conversationId, caller.id, muted)))
        throw new DomainError(
          'messaging.conversation.not_member',
          'forbidden',
          'Only members can mute a conversation; join this channel first.',
        );
    });
  }
}
