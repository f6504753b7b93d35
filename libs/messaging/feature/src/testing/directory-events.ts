import { randomUUID } from 'node:crypto';
import { groupMembershipChangedV1, userCreatedV1, type EventEnvelope } from '@tidings/contracts';
import { messagingStore } from '@tidings/messaging/data-access';
import { v7 as uuidv7 } from 'uuid';
import { userCaller, type Caller } from '../caller';
import type { MessagingHarness } from './messaging-harness';

/** Who the directory's sync events name as their actor. */
export const SYNC_ACTOR = { kind: 'system' as const, id: 'directory-sync' };

/** A directory event as the bus delivers it (a fresh event id each time). */
export function directoryEnvelope(type: string, key: string, data: unknown): EventEnvelope {
  return {
    id: uuidv7(),
    type,
    version: 1,
    key,
    occurredAt: new Date().toISOString(),
    actor: SYNC_ACTOR,
    source: 'directory',
    data,
  };
}

/** The profile directory user events carry. */
export function directoryProfile(id: string, name: string, orgUnitPath: string[]) {
  return {
    userId: id,
    username: name,
    displayName: name,
    email: null,
    title: null,
    source: 'ldap' as const,
    orgUnitPath,
  };
}

/**
 * A directory speaking to messaging through its events (driven into the consumer's handle),
 * and reads of the result as the store sees it — private channels too, whoever is left.
 */
export function directoryWorld(h: MessagingHarness) {
  return {
    /** A person as the directory announces them (created), with a department. */
    async person(name: string, orgUnitPath: string[] = []): Promise<Caller> {
      const id = randomUUID();
      await h.directory.handle(
        directoryEnvelope(userCreatedV1.type, id, directoryProfile(id, name, orgUnitPath)),
      );
      return userCaller(id);
    },
    groupEvent(
      groupId: string,
      change: { added?: string[]; removed?: string[]; groupRemoved?: boolean },
    ): EventEnvelope {
      return directoryEnvelope(groupMembershipChangedV1.type, groupId, {
        groupId,
        name: 'Sales',
        added: change.added ?? [],
        removed: change.removed ?? [],
        memberCount: 0,
        groupRemoved: change.groupRemoved ?? false,
        part: 1,
        parts: 1,
      });
    },
    /** Active members as `username:role`, sorted. */
    async members(conversationId: string): Promise<string[]> {
      const store = messagingStore(h.dataSource);
      const rows = await store.members.listActive(conversationId);
      const names = new Map(
        (await store.users.findMany(rows.map((m) => m.userId))).map((u) => [u.id, u.username]),
      );
      return rows.map((m) => `${names.get(m.userId) ?? m.userId}:${m.role}`).sort();
    },
    /** The texts of the conversation's membership notices, oldest first. */
    async notices(conversationId: string): Promise<string[]> {
      const store = messagingStore(h.dataSource);
      const lastSeq = (await store.conversations.findById(conversationId))?.lastSeq ?? 0;
      return (await store.messages.range(conversationId, { from: 1, to: lastSeq }))
        .filter((m) => m.system?.type.startsWith('members.'))
        .map((m) => m.text);
    },
  };
}
