import { randomUUID } from 'node:crypto';
import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isUniqueViolation,
  messagingPersistence,
  messagingStore,
  type MessageRecord,
} from './index';

/** The schema's guarantees, straight against both databases (no actions in between). */
describe.each(databaseFlavours)('messaging persistence on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [...platformPersistence.entities, ...messagingPersistence.entities],
      migrations: [...platformPersistence.migrations, ...messagingPersistence.migrations],
    }));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  const tx = <T>(work: (store: ReturnType<typeof messagingStore>) => Promise<T>) =>
    dataSource.transaction((manager) => work(messagingStore(manager)));

  const conversation = (directKey: string | null = null) => ({
    id: randomUUID(),
    kind: directKey ? ('direct' as const) : ('channel' as const),
    visibility: 'private' as const,
    name: directKey ? null : 'c',
    topic: null,
    purpose: null,
    directKey,
    createdBy: 'u1',
    createdAt: 1,
    archivedAt: null,
    archivedBy: null,
    lastSeq: 0,
    lastActivityAt: 1,
    memberCount: 0,
  });

  const message = (
    conversationId: string,
    seq: number,
    clientMsgId: string | null,
  ): MessageRecord => ({
    id: randomUUID(),
    conversationId,
    seq,
    senderId: 'u1',
    senderKind: 'user',
    clientMsgId,
    text: 't',
    broadcast: null,
    createdAt: 1,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
  });

  it('keeps one conversation per direct key, any number of channels', async () => {
    expect(await tx((s) => s.conversations.insert(conversation('d:a:b')))).toBe(true);
    expect(await tx((s) => s.conversations.insert(conversation('d:a:b')))).toBe(false);
    expect(await tx((s) => s.conversations.insert(conversation()))).toBe(true);
    expect(await tx((s) => s.conversations.insert(conversation()))).toBe(true);
  });

  it('refuses a second message with the same seq or the same (sender, clientMsgId)', async () => {
    const c = conversation();
    await tx((s) => s.conversations.insert(c));
    await tx((s) => s.messages.insert(message(c.id, 1, 'x'), [], []));
    await tx((s) => s.messages.insert(message(c.id, 2, null), [], []));
    await tx((s) => s.messages.insert(message(c.id, 3, null), [], [])); // NULL ids never collide
    const duplicate = async (m: MessageRecord) => {
      try {
        await tx((s) => s.messages.insert(m, [], []));
        return false;
      } catch (error) {
        return isUniqueViolation(error);
      }
    };
    expect(await duplicate(message(c.id, 4, 'x'))).toBe(true);
    expect(await duplicate(message(c.id, 3, 'y'))).toBe(true);
  });

  it('hands out seqs one by one and none for an archived conversation', async () => {
    const c = conversation();
    await tx((s) => s.conversations.insert(c));
    expect(await tx((s) => s.conversations.nextSeq(c.id, 5))).toBe(1);
    expect(await tx((s) => s.conversations.nextSeq(c.id, 6))).toBe(2);
    await tx((s) => s.conversations.archive(c.id, 'u1', 7));
    expect(await tx((s) => s.conversations.nextSeq(c.id, 8))).toBeUndefined();
    expect(await tx((s) => s.conversations.findById(c.id))).toMatchObject({
      lastSeq: 2,
      lastActivityAt: 6,
    });
  });

  it('moves a read position forward only', async () => {
    const c = conversation();
    await tx(async (s) => {
      await s.conversations.insert(c);
      await s.members.insertMany([
        {
          conversationId: c.id,
          userId: 'u1',
          role: 'owner',
          status: 'active',
          joinedAt: 1,
          lastReadSeq: 0,
        },
      ]);
    });
    expect(await tx((s) => s.members.markRead(c.id, 'u1', 5))).toBe(true);
    expect(await tx((s) => s.members.markRead(c.id, 'u1', 3))).toBe(false);
    expect(await tx((s) => s.members.markRead(c.id, 'u1', 5))).toBe(false);
    expect((await tx((s) => s.members.find(c.id, 'u1')))?.lastReadSeq).toBe(5);
  });

  it("mutes a member's conversation and shows it where the member's own row is read", async () => {
    const c = conversation();
    await tx(async (s) => {
      await s.conversations.insert(c);
      await s.members.insertMany(
        ['u1', 'u2'].map((userId) => ({
          conversationId: c.id,
          userId,
          role: 'member' as const,
          status: 'active' as const,
          joinedAt: 1,
          lastReadSeq: 0,
        })),
      );
    });
    expect(await tx((s) => s.members.setMuted(c.id, 'u1', true))).toBe(true);
    expect(await tx((s) => s.members.setMuted(c.id, 'stranger', true))).toBe(false);
    expect((await tx((s) => s.conversations.withMember(c.id, 'u1')))?.member?.muted).toBe(true);
    expect((await tx((s) => s.conversations.withMember(c.id, 'u2')))?.member?.muted).toBe(false);
    const listed = await tx((s) => s.reading.conversationsOf('u1', { limit: 50 }));
    expect(listed.find((l) => l.conversation.id === c.id)?.member.muted).toBe(true);
    expect(await tx((s) => s.members.setMuted(c.id, 'u1', false))).toBe(true);
    expect((await tx((s) => s.conversations.withMember(c.id, 'u1')))?.member?.muted).toBe(false);
  });

  it('orders status changes of the users projection by event time', async () => {
    const id = randomUUID();
    await tx((s) => s.users.upsertProfile({ id, username: 'Zhang.Wei', displayName: '张伟' }));
    expect(await tx((s) => s.users.setActive({ id, username: 'Zhang.Wei' }, false, 100))).toBe(
      true,
    );
    expect(await tx((s) => s.users.setActive({ id, username: 'Zhang.Wei' }, true, 50))).toBe(false);
    expect(await tx((s) => s.users.setActive({ id, username: 'Zhang.Wei' }, false, 150))).toBe(
      false,
    );
    expect(await tx((s) => s.users.setActive({ id, username: 'Zhang.Wei' }, true, 200))).toBe(true);
    expect(await tx((s) => s.users.activeIdsByUsername(['zhang.wei']))).toEqual(
      new Map([['zhang.wei', id]]),
    );
    // A caller from another issuer is matched by username; a known id wins.
    expect(await tx((s) => s.users.idOfCaller(randomUUID(), 'ZHANG.WEI'))).toBe(id);
    expect(await tx((s) => s.users.idOfCaller('nobody', 'nobody'))).toBeUndefined();
    // First seen through a deactivation: recorded, inactive.
    const late = randomUUID();
    expect(await tx((s) => s.users.setActive({ id: late, username: 'late' }, false, 10))).toBe(
      true,
    );
    expect(await tx((s) => s.users.findById(late))).toMatchObject({
      active: false,
      displayName: 'late',
    });
  });
});
