import {
  conversationUpdatedV1,
  type Actor,
  type EventEnvelope,
  type GroupMembershipChangedV1,
} from '@tidings/contracts';
import {
  messagingStore,
  type ConversationRecord,
  type MessagingStore,
} from '@tidings/messaging/data-access';
import {
  mayMapMembership,
  reconcile,
  type MembershipSource,
  type MembershipVia,
} from '@tidings/messaging/domain';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import { NotFoundError } from '@tidings/platform/errors';
import { accessOf } from '../access';
import { actorOf, type Caller } from '../caller';
import { enforce } from '../errors';
import { applyChange } from './membership-sync';

/**
 * Channels whose membership follows a directory group or a department subtree. An
 * administrator maps a channel (the channel is brought in line with the source at once);
 * afterwards the directory's events keep it in line, one change at a time.
 *
 * Group events are deduplicated by event id in the same transaction as their effect, so a
 * redelivered event — or a replay of a group's older events after newer ones — changes
 * nothing and posts nothing twice.
 */
export class MembershipSourceActions {
  constructor(
    private readonly runner: TransactionRunner,
    /** The consumer group whose processed events are recorded (dedupe). */
    private readonly consumerGroup: string,
  ) {}

  async mapToGroup(caller: Caller, conversationId: string, groupId: string): Promise<void> {
    await this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const conversation = await this.mappable(store, caller, conversationId);
      const group = await store.sources.findGroup(groupId);
      if (!group || group.removed)
        throw new NotFoundError(
          'messaging.directory_group.not_found',
          'The directory has no such group (messaging knows groups from their membership events).',
        );
      await this.setSource(tx, store, caller, conversation, { kind: 'group', groupId });
      const wanted = await store.users.activeAmong(await store.sources.groupMemberIds(groupId));
      await this.bringInLine(tx, store, conversationId, wanted, actorOf(caller), {
        kind: 'group',
        name: group.name,
      });
    });
  }

  async mapToDepartment(
    caller: Caller,
    conversationId: string,
    department: { orgUnitId: string; path: string[] },
  ): Promise<void> {
    await this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const conversation = await this.mappable(store, caller, conversationId);
      await this.setSource(tx, store, caller, conversation, { kind: 'department', ...department });
      const wanted = new Set(await store.users.activeInDepartment(department.path));
      await this.bringInLine(tx, store, conversationId, wanted, actorOf(caller), {
        kind: 'department',
        name: department.path.join(' / '),
      });
    });
  }

  /** Stops following `kind` (members stay as they are). Idempotent. */
  async unmap(caller: Caller, conversationId: string, kind: 'group' | 'department') {
    await this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const conversation = await this.mappable(store, caller, conversationId);
      if (conversation.membershipSource?.kind !== kind) return;
      await this.setSource(tx, store, caller, conversation, null);
    });
  }

  /** `directory.group.membership.changed`: the projection, then every channel following it. */
  async groupChanged(data: GroupMembershipChangedV1, event: EventEnvelope): Promise<void> {
    await this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      if (!(await store.processed.claim(this.consumerGroup, event.id, Date.now()))) return;
      await store.sources.upsertGroup({
        id: data.groupId,
        name: data.name,
        removed: data.groupRemoved,
        changedAt: Date.parse(event.occurredAt) || Date.now(),
      });
      await store.sources.addGroupMembers(data.groupId, data.added);
      await store.sources.removeGroupMembers(data.groupId, data.removed);
      const via: MembershipVia = { kind: 'group', name: data.name };
      for (const channel of await store.sources.followingGroups([data.groupId])) {
        if (data.groupRemoved) {
          // Nobody is in a removed group: the channel keeps its owners and admins (and the
          // bots and integrations the directory never knew), whoever the events named.
          await this.bringInLine(tx, store, channel.id, new Set(), event.actor, via);
        } else {
          await applyChange(
            tx,
            store,
            channel.id,
            { add: data.added, remove: data.removed },
            event.actor,
            via,
          );
        }
      }
    });
  }

  /** The channel, if the caller may map it (404 when hidden, 403 without messaging.manage). */
  private async mappable(store: MessagingStore, caller: Caller, conversationId: string) {
    const { conversation, facts, standing } = await accessOf(store, conversationId, caller);
    enforce(mayMapMembership(facts, standing));
    return conversation;
  }

  private async setSource(
    tx: Tx,
    store: MessagingStore,
    caller: Caller,
    conversation: ConversationRecord,
    source: MembershipSource | null,
  ) {
    await store.sources.setSource(conversation.id, source);
    tx.publish(conversationUpdatedV1, {
      key: conversation.id,
      actor: actorOf(caller),
      data: {
        conversationId: conversation.id,
        name: conversation.name,
        topic: conversation.topic,
        purpose: conversation.purpose,
        changed: ['membershipSource'],
        updatedBy: caller.id,
        membershipSource: source,
      },
    });
  }

  /** The whole channel against the people its source holds now. */
  private async bringInLine(
    tx: Tx,
    store: MessagingStore,
    conversationId: string,
    wanted: ReadonlySet<string>,
    actor: Actor,
    via: MembershipVia,
  ) {
    const current = await store.members.listAll(conversationId);
    const known = await store.users.knownAmong(current.map((m) => m.userId));
    await applyChange(tx, store, conversationId, reconcile(current, wanted, known), actor, via);
  }
}
