import { reactionAddedV1, reactionRemovedV1 } from '@tidings/contracts';
import { messagingStore } from '@tidings/messaging/data-access';
import { invalidEmoji, mayReact, normalizeEmoji } from '@tidings/messaging/domain';
import type { TransactionRunner } from '@tidings/platform/bus';
import { actorOf, type Caller } from '../caller';
import { enforce } from '../errors';
import { messageAccessOf } from './message-access';

/**
 * Emoji reactions. Idempotent per (message, person, emoji): the table's primary key decides,
 * so a double tap — or five at once from five devices — is one reaction and one event.
 */
export class ReactionActions {
  constructor(private readonly runner: TransactionRunner) {}

  /** Answers the emoji as stored (fully qualified) and whether this call added it. */
  async add(
    caller: Caller,
    messageId: string,
    text: string,
  ): Promise<{ emoji: string; changed: boolean }> {
    const emoji = checked(text);
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { message, access } = await messageAccessOf(store, caller, messageId);
      enforce(mayReact(access.facts, access.standing, { deleted: message.deletedAt !== null }));
      const at = Date.now();
      if (!(await store.reactions.add(messageId, caller.id, emoji, at)))
        return { emoji, changed: false };
      tx.publish(reactionAddedV1, {
        key: message.conversationId,
        actor: actorOf(caller),
        data: {
          conversationId: message.conversationId,
          messageId,
          seq: message.seq,
          userId: caller.id,
          emoji,
          reactedAt: new Date(at).toISOString(),
        },
      });
      return { emoji, changed: true };
    });
  }

  /** Taking back a reaction one never made (or of a deleted message) changes nothing. */
  async remove(
    caller: Caller,
    messageId: string,
    text: string,
  ): Promise<{ emoji: string; changed: boolean }> {
    const emoji = checked(text);
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { message, access } = await messageAccessOf(store, caller, messageId);
      enforce(mayReact(access.facts, access.standing, { deleted: false }));
      if (!(await store.reactions.remove(messageId, caller.id, emoji)))
        return { emoji, changed: false };
      const at = Date.now();
      tx.publish(reactionRemovedV1, {
        key: message.conversationId,
        actor: actorOf(caller),
        data: {
          conversationId: message.conversationId,
          messageId,
          seq: message.seq,
          userId: caller.id,
          emoji,
          removedAt: new Date(at).toISOString(),
        },
      });
      return { emoji, changed: true };
    });
  }
}

function checked(text: string): string {
  const emoji = normalizeEmoji(text);
  if (emoji === null) enforce(invalidEmoji());
  return emoji as string;
}
