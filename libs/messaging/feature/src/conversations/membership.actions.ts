import { memberJoinedV1, memberLeftV1, memberRoleChangedV1 } from '@tidings/contracts';
import { messagingStore, type MemberRecord } from '@tidings/messaging/data-access';
import {
  mayChangeRole,
  mayInvite,
  mayJoin,
  mayLeave,
  mayRemove,
  type MemberRole,
} from '@tidings/messaging/domain';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import { accessOf } from '../access';
import { actorOf, type Caller } from '../caller';
import { enforce, memberNotFound } from '../errors';
import { postSystem } from '../messages/append';
import { requireActiveUsers } from './conversation.actions';
import { departOpenCall } from '../calls/call.actions';

const notMember = () =>
  enforce({
    ok: false,
    code: 'messaging.conversation.not_member',
    kind: 'forbidden',
    message: 'You are not a member of this conversation.',
  });

/**
 * Who is in a channel: join, leave, invite, remove, roles. Each arrival and departure is also
 * a system message in the channel's history, in the same transaction. `member_count` moves with every
 * change in the same transaction, so mention limits and receipts never count stale members.
 * A new member starts with everything before them read: joining a busy channel does not
 * bring a thousand unread messages.
 */
export class MembershipActions {
  constructor(private readonly runner: TransactionRunner) {}

  /** Idempotent: joining a channel one is in changes nothing. */
  async join(caller: Caller, conversationId: string): Promise<MemberRecord> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { conversation, facts, member } = await accessOf(store, conversationId, caller);
      if (member) return member;
      enforce(mayJoin(facts));
      const joined: MemberRecord = {
        conversationId,
        userId: caller.id,
        role: 'member',
        status: 'active',
        joinedAt: Date.now(),
        lastReadSeq: conversation.lastSeq,
      };
      // A row left by a deactivation that never saw its reactivation is replaced, not doubled.
      await store.members.delete(conversationId, caller.id);
      await store.members.insertMany([joined]);
      await store.conversations.adjustMemberCount(conversationId, 1);
      await postSystem(tx, store, conversationId, actorOf(caller), { type: 'member.joined' });
      tx.publish(memberJoinedV1, {
        key: conversationId,
        actor: actorOf(caller),
        data: {
          conversationId,
          userId: caller.id,
          role: 'member',
          reason: 'joined',
          by: caller.id,
        },
      });
      return joined;
    });
  }

  async leave(caller: Caller, conversationId: string): Promise<void> {
    await this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { conversation, facts, member } = await accessOf(store, conversationId, caller);
      if (!member) return notMember();
      const owners = await store.members.countActiveOwners(conversationId);
      enforce(
        mayLeave(facts, member.role, {
          otherOwners: owners - (member.role === 'owner' ? 1 : 0),
          otherMembers: conversation.memberCount - 1,
        }),
      );
      await store.members.delete(conversationId, caller.id);
      await store.conversations.adjustMemberCount(conversationId, -1);
      await departOpenCall(tx, store, conversationId, caller.id, actorOf(caller));
      await postSystem(tx, store, conversationId, actorOf(caller), { type: 'member.left' });
      tx.publish(memberLeftV1, {
        key: conversationId,
        actor: actorOf(caller),
        data: {
          conversationId,
          userId: caller.id,
          role: member.role,
          reason: 'left',
          by: caller.id,
        },
      });
    });
  }

  /** Adds the people not yet in the channel; answers the memberships it created. */
  async invite(
    caller: Caller,
    conversationId: string,
    userIds: readonly string[],
    role: MemberRole = 'member',
  ): Promise<MemberRecord[]> {
    return this.runner.run((tx) => this.inviteIn(tx, caller, conversationId, userIds, role));
  }

  /** invite within a transaction the caller already runs (opening a widget context). */
  async inviteIn(
    tx: Tx,
    caller: Caller,
    conversationId: string,
    userIds: readonly string[],
    role: MemberRole = 'member',
  ): Promise<MemberRecord[]> {
    const store = messagingStore(tx.manager);
    const { conversation, facts, standing } = await accessOf(store, conversationId, caller);
    enforce(mayInvite(facts, standing, role));
    const wanted = [...new Set(userIds)];
    await requireActiveUsers(
      store,
      wanted.filter((id) => id !== caller.id),
    );
    const present = await store.members.existing(conversationId, wanted);
    const at = Date.now();
    const added = wanted
      .filter((id) => !present.has(id))
      .map((userId): MemberRecord => ({
        conversationId,
        userId,
        role,
        status: 'active',
        joinedAt: at,
        lastReadSeq: conversation.lastSeq,
      }));
    if (added.length === 0) return [];
    await store.members.insertMany(added);
    await store.conversations.adjustMemberCount(conversationId, added.length);
    await postSystem(tx, store, conversationId, actorOf(caller), {
      type: 'members.added',
      userIds: added.map((m) => m.userId),
    });
    for (const m of added)
      tx.publish(memberJoinedV1, {
        key: conversationId,
        actor: actorOf(caller),
        data: { conversationId, userId: m.userId, role, reason: 'invited', by: caller.id },
      });
    return added;
  }

  /** Removing oneself is leaving. */
  async remove(caller: Caller, conversationId: string, userId: string): Promise<void> {
    if (userId === caller.id) return this.leave(caller, conversationId);
    await this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { facts, standing } = await accessOf(store, conversationId, caller);
      const target = await store.members.find(conversationId, userId);
      if (!target || target.status !== 'active') throw memberNotFound();
      enforce(mayRemove(facts, standing, target.role));
      await store.members.delete(conversationId, userId);
      await store.conversations.adjustMemberCount(conversationId, -1);
      await departOpenCall(tx, store, conversationId, userId, actorOf(caller));
      await postSystem(tx, store, conversationId, actorOf(caller), {
        type: 'members.removed',
        userIds: [userId],
      });
      tx.publish(memberLeftV1, {
        key: conversationId,
        actor: actorOf(caller),
        data: { conversationId, userId, role: target.role, reason: 'removed', by: caller.id },
      });
    });
  }

  /** Making someone owner is how an owner hands a channel over before leaving. */
  async changeRole(
    caller: Caller,
    conversationId: string,
    userId: string,
    role: MemberRole,
  ): Promise<MemberRecord> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const { facts, standing } = await accessOf(store, conversationId, caller);
      const target = await store.members.find(conversationId, userId);
      if (!target || target.status !== 'active') throw memberNotFound();
      const owners = await store.members.countActiveOwners(conversationId);
      enforce(
        mayChangeRole(facts, standing, {
          from: target.role,
          to: role,
          otherOwners: owners - (target.role === 'owner' ? 1 : 0),
        }),
      );
      if (target.role === role) return target;
      await store.members.setRole(conversationId, userId, role);
      tx.publish(memberRoleChangedV1, {
        key: conversationId,
        actor: actorOf(caller),
        data: { conversationId, userId, role, previousRole: target.role, by: caller.id },
      });
      return { ...target, role };
    });
  }
}
