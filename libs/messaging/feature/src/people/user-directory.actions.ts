import { memberJoinedV1, memberLeftV1, type Actor } from '@tidings/contracts';
import { messagingStore, type MemberRecord } from '@tidings/messaging/data-access';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import { followPerson } from './membership-sync';
import { departOpenCall } from '../calls/call.actions';

/** The consumer group that feeds the users projection (and records the events it handled). */
export const DIRECTORY_CONSUMER_GROUP = 'messaging.directory-users';

export interface DirectoryProfile {
  userId: string;
  username: string;
  displayName: string;
  /** The department path, root first; absent: unchanged. */
  orgUnitPath?: string[];
}

/** The directory event a profile came with: what channels following the directory react to. */
export interface ProfileEvent {
  kind: 'created' | 'updated';
  eventId: string;
  actor: Actor;
}

const samePath = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((name, i) => name === b[i]);

/**
 * Directory → messaging: the users projection, and what an account's (de)activation means
 * for memberships. A deactivated person stays the author of their messages but leaves every
 * active member list (counts, receipts, @mentions) until they are reactivated, when they are
 * back where they were — read positions and roles included.
 *
 * Status changes are ordered by the directory event's time (`at`), so a redelivered or late
 * event changes nothing and publishes nothing: no dedupe table needed.
 */
export class UserDirectoryActions {
  constructor(private readonly runner: TransactionRunner) {}

  /**
   * Records a profile. With its event: someone new joins the channels their groups and
   * department follow; someone who moved leaves the department channels of their old place
   * for those of the new one. A created event is handled once (by event id), so a redelivery
   * does not put back someone who left such a channel since.
   */
  async profile(profile: DirectoryProfile, event?: ProfileEvent): Promise<void> {
    await this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const before = event ? await store.users.findById(profile.userId) : undefined;
      await store.users.upsertProfile({
        id: profile.userId,
        username: profile.username,
        displayName: profile.displayName,
        ...(profile.orgUnitPath ? { orgUnitPath: profile.orgUnitPath } : {}),
      });
      const path = profile.orgUnitPath;
      if (!event || !path || (before && !before.active)) return;
      if (event.kind === 'created') {
        if (await store.processed.claim(DIRECTORY_CONSUMER_GROUP, event.eventId, Date.now()))
          await followPerson(
            tx,
            store,
            { userId: profile.userId, orgUnitPath: path },
            event.actor,
            'join',
          );
      } else if (before && !samePath(before.orgUnitPath ?? [], path)) {
        await followPerson(
          tx,
          store,
          { userId: profile.userId, orgUnitPath: path, previousPath: before.orgUnitPath ?? [] },
          event.actor,
          'moved',
        );
      }
    });
  }

  /** Answers the memberships that became inactive. */
  async deactivated(
    user: { userId: string; username: string },
    at: number,
    actor: Actor,
  ): Promise<MemberRecord[]> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      const changed = await store.users.setActive(
        { id: user.userId, username: user.username },
        false,
        at,
      );
      if (!changed) return [];
      const rows = await store.members.setStatusOfUser(user.userId, 'active', 'deactivated');
      await this.recount(tx, rows, -1);
      for (const m of rows) await departOpenCall(tx, store, m.conversationId, m.userId, actor);
      for (const m of rows)
        tx.publish(memberLeftV1, {
          key: m.conversationId,
          actor,
          data: {
            conversationId: m.conversationId,
            userId: m.userId,
            role: m.role,
            reason: 'deactivated',
            by: actor.id,
          },
        });
      return rows;
    });
  }

  /** Answers the memberships that became active again. */
  async reactivated(profile: DirectoryProfile, at: number, actor: Actor): Promise<MemberRecord[]> {
    return this.runner.run(async (tx) => {
      const store = messagingStore(tx.manager);
      await store.users.upsertProfile({
        id: profile.userId,
        username: profile.username,
        displayName: profile.displayName,
        ...(profile.orgUnitPath ? { orgUnitPath: profile.orgUnitPath } : {}),
      });
      if (
        !(await store.users.setActive({ id: profile.userId, username: profile.username }, true, at))
      )
        return [];
      const rows = await store.members.setStatusOfUser(profile.userId, 'deactivated', 'active');
      await this.recount(tx, rows, 1);
      // Channels mapped to their groups or department while they were away take them in too.
      const user = await store.users.findById(profile.userId);
      await followPerson(
        tx,
        store,
        { userId: profile.userId, orgUnitPath: user?.orgUnitPath ?? [] },
        actor,
        'join',
      );
      for (const m of rows)
        tx.publish(memberJoinedV1, {
          key: m.conversationId,
          actor,
          data: {
            conversationId: m.conversationId,
            userId: m.userId,
            role: m.role,
            reason: 'reactivated',
            by: actor.id,
          },
        });
      return rows;
    });
  }

  private async recount(tx: Tx, rows: MemberRecord[], delta: number) {
    const conversations = messagingStore(tx.manager).conversations;
    for (const m of rows) await conversations.adjustMemberCount(m.conversationId, delta);
  }
}
