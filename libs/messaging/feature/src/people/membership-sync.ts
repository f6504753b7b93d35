import { memberJoinedV1, memberLeftV1, type Actor } from '@tidings/contracts';
import type {
  ConversationRecord,
  MemberRecord,
  MessagingStore,
} from '@tidings/messaging/data-access';
import {
  departmentKeysWithin,
  isWithin,
  type MembershipChange,
  type MembershipVia,
} from '@tidings/messaging/domain';
import type { Tx } from '@tidings/platform/bus';
import { postSystem } from '../messages/append';
import { departOpenCall } from '../calls/call.actions';

/**
 * Carrying out what the directory decided for a channel: the people to add and to remove,
 * in the caller's transaction, with the events and system messages a person's own join or
 * removal would have — `reason: directory`, one notice per batch rather than one per person.
 *
 * Guards that hold whoever computed the change: only active people are added, only plain
 * members are removed (owners and admins stay, even when a concurrent promotion happened a
 * moment ago), and an archived channel is left as it is — archived means frozen.
 */
export async function applyChange(
  tx: Tx,
  store: MessagingStore,
  conversationId: string,
  change: MembershipChange,
  actor: Actor,
  via: MembershipVia,
): Promise<{ added: string[]; removed: string[] }> {
  const conversation = await store.conversations.findById(conversationId);
  if (!conversation || conversation.archivedAt !== null || conversation.kind !== 'channel')
    return { added: [], removed: [] };
  const at = Date.now();
  const active = await store.users.activeAmong(change.add);
  const added = await store.members.insertNew(
    change.add
      .filter((id) => active.has(id))
      .map((userId): MemberRecord => ({
        conversationId,
        userId,
        role: 'member',
        status: 'active',
        joinedAt: at,
        // Like any new member: what came before them is read.
        lastReadSeq: conversation.lastSeq,
      })),
  );
  // A deactivated member's row goes too (no event: they were not on the member list).
  const gone = await store.members.deleteMany(conversationId, change.remove, 'member');
  const removed = gone.filter((m) => m.status === 'active').map((m) => m.userId);
  await store.conversations.adjustMemberCount(conversationId, added.length - removed.length);
  for (const userId of removed) await departOpenCall(tx, store, conversationId, userId, actor);
  if (added.length > 0)
    await postSystem(tx, store, conversationId, actor, {
      type: 'members.added',
      userIds: added,
      via,
    });
  if (removed.length > 0)
    await postSystem(tx, store, conversationId, actor, {
      type: 'members.removed',
      userIds: removed,
      via,
    });
  for (const userId of added)
    tx.publish(memberJoinedV1, {
      key: conversationId,
      actor,
      data: { conversationId, userId, role: 'member', reason: 'directory', by: actor.id },
    });
  for (const userId of removed)
    tx.publish(memberLeftV1, {
      key: conversationId,
      actor,
      data: { conversationId, userId, role: 'member', reason: 'directory', by: actor.id },
    });
  return { added, removed };
}

/** How a channel's source is named in its system messages. */
export async function viaOf(
  store: MessagingStore,
  conversation: ConversationRecord,
): Promise<MembershipVia | null> {
  const source = conversation.membershipSource;
  if (!source) return null;
  if (source.kind === 'department') return { kind: 'department', name: source.path.join(' / ') };
  const group = await store.sources.findGroup(source.groupId);
  return { kind: 'group', name: group?.name ?? source.groupId };
}

/**
 * One person, as the directory now describes them, in the channels that follow the directory:
 * `join` adds them where their groups and department say they belong (someone new, or back
 * from deactivation); `moved` adds them to the department channels of their new place only
 * (not back into those of a place they stay in, which they may have left on purpose). Both
 * end their memberships in department channels of places they are no longer in.
 */
export async function followPerson(
  tx: Tx,
  store: MessagingStore,
  person: { userId: string; orgUnitPath: readonly string[]; previousPath?: readonly string[] },
  actor: Actor,
  mode: 'join' | 'moved',
): Promise<void> {
  const departments = await store.sources.followingDepartments(
    departmentKeysWithin(person.orgUnitPath),
  );
  const joining =
    mode === 'join'
      ? [
          ...(await store.sources.followingGroups(await store.sources.groupsOf(person.userId))),
          ...departments,
        ]
      : departments.filter(
          (c) =>
            c.membershipSource?.kind === 'department' &&
            !isWithin(person.previousPath ?? [], c.membershipSource.path),
        );
  for (const conversation of joining) {
    const via = await viaOf(store, conversation);
    if (via)
      await applyChange(
        tx,
        store,
        conversation.id,
        { add: [person.userId], remove: [] },
        actor,
        via,
      );
  }
  // Department channels of a place they are no longer in: after a move, and after a
  // reactivation (a move while deactivated left their old memberships waiting).
  for (const conversation of await store.sources.departmentChannelsOf(person.userId)) {
    const source = conversation.membershipSource;
    if (source?.kind !== 'department' || isWithin(person.orgUnitPath, source.path)) continue;
    const via = await viaOf(store, conversation);
    if (via)
      await applyChange(
        tx,
        store,
        conversation.id,
        { add: [], remove: [person.userId] },
        actor,
        via,
      );
  }
}
