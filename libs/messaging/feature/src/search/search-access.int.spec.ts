import { randomUUID } from 'node:crypto';
import {
  messagingPersistence,
  messagingStore,
  MessagingCreateSearch1764600001000,
  MessagingSearchPending1764600002500,
  type ConversationRecord,
  type MessageRecord,
} from '@tidings/messaging/data-access';
import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCaller, type Caller } from '../caller';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { SearchQueries } from './search.queries';

/**
 * Search never shows a message of a conversation the caller cannot read — by the core's own
 * rule: for every person, the conversations search finds are exactly those
 * `MessagingQueries.canRead` (accessOf) allows.
 */
describe.each(databaseFlavours)('search access on %s', (flavour) => {
  let h: MessagingHarness;
  let search: SearchQueries;
  const people: Record<string, Caller> = {};
  const rooms: Record<string, string> = {};

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    search = new SearchQueries(h.dataSource);
    for (const name of ['alice', 'bob', 'carol', 'dave', 'frank'])
      people[name] = await h.person(randomUUID(), name);
    const { alice, bob, carol, dave, frank } = people as Record<string, Caller>;
    const open = async (key: string, input: Parameters<typeof h.conversations.create>[1]) => {
      rooms[key] = (await h.conversations.create(alice as Caller, input)).conversation.id;
    };
    const channel = (visibility: 'public' | 'private', name: string, memberIds: string[]) =>
      ({ kind: 'channel', visibility, name, memberIds }) as const;
    await open('public-joined', channel('public', 'lobby', [bob.id]));
    await open('public-not-joined', channel('public', 'announcements', []));
    await open('private', channel('private', 'secret', [bob.id, dave.id, frank.id]));
    await open('private-archived', channel('private', 'old-team', [bob.id]));
    await open('direct-alice-bob', { kind: 'direct', userId: bob.id });
    await open('direct-alice-carol', { kind: 'direct', userId: carol.id });
    await open('group', { kind: 'group', userIds: [bob.id, frank.id] });
    for (const [key, id] of Object.entries(rooms))
      await h.messages.send(alice, id, { text: `matrixword 数据库 in ${key}` });
    // Ways of no longer being a member: leaving, and deactivation (the row stays, inactive).
    await h.members.leave(dave, rooms['private'] as string);
    await h.people.deactivated({ userId: frank.id, username: 'frank' }, Date.now(), {
      kind: 'system',
      id: 'test',
    });
    await h.conversations.archive(alice, rooms['private-archived'] as string);
  });

  afterAll(async () => {
    await h?.close();
  });

  const found = async (as: Caller, q: string) =>
    [...new Set((await search.search(as, { q, limit: 50 })).items.map((i) => i.conversationId))]
      .map((id) => Object.entries(rooms).find(([, v]) => v === id)?.[0])
      .sort();

  it('finds exactly what the core lets each person read', async () => {
    for (const [name, caller] of Object.entries(people)) {
      const readable: string[] = [];
      for (const [key, id] of Object.entries(rooms))
        if (await h.queries.canRead(caller.id, id)) readable.push(key);
      expect(await found(caller, 'matrixword'), name).toEqual(readable.sort());
      expect(await found(caller, '数据库'), name).toEqual(readable.sort());
    }
  });

  it('never shows an outsider a private message, whatever they ask', async () => {
    const carol = people['carol'] as Caller;
    const hidden = ['private', 'private-archived', 'direct-alice-bob', 'group'];
    for (const q of [
      'matrixword',
      'from:alice',
      'in:secret matrixword',
      `in:${rooms['private']}`,
      `in:${rooms['direct-alice-bob']} 数据库`,
      'in:old-team',
    ]) {
      const seen = await found(carol, q);
      for (const key of hidden) expect(seen, `${q} → ${key}`).not.toContain(key);
    }
    expect(await found(carol, `in:${rooms['private']}`)).toEqual([]);
    // Nor somebody who left, or was deactivated, for the conversations they were in.
    expect(await found(people['dave'] as Caller, 'in:secret')).toEqual([]);
    expect(await found(people['frank'] as Caller, 'matrixword')).toEqual([
      'public-joined',
      'public-not-joined',
    ]);
  });

  it('keeps an archived conversation searchable by its members', async () => {
    expect(await found(people['bob'] as Caller, 'in:old-team matrixword')).toEqual([
      'private-archived',
    ]);
  });
});

/** Messages that exist when search is installed are found, on both databases. */
describe.each(databaseFlavours)('search migration on %s', (flavour) => {
  const searchMigrations: unknown[] = [
    MessagingCreateSearch1764600001000,
    MessagingSearchPending1764600002500,
  ];
  const before = messagingPersistence.migrations.filter((m) => !searchMigrations.includes(m));

  it('indexes the messages already there, and keeps indexing new ones', async () => {
    const db = await createTestDatabase(flavour);
    const options = (migrations: typeof before) => ({
      url: db.url,
      entities: [...platformPersistence.entities, ...messagingPersistence.entities],
      migrations: [...platformPersistence.migrations, ...migrations],
    });
    const reader = randomUUID();
    const conversation: ConversationRecord = {
      id: randomUUID(),
      kind: 'channel',
      visibility: 'private',
      name: 'legacy',
      topic: null,
      purpose: null,
      directKey: null,
      createdBy: reader,
      createdAt: 1,
      archivedAt: null,
      archivedBy: null,
      lastSeq: 3,
      lastActivityAt: 1,
      memberCount: 1,
    };
    const message = (seq: number, text: string, deletedAt: number | null): MessageRecord => ({
      id: randomUUID(),
      conversationId: conversation.id,
      seq,
      senderId: reader,
      senderKind: 'user',
      clientMsgId: null,
      text,
      broadcast: null,
      createdAt: seq,
      editedAt: null,
      deletedAt,
      deletedBy: deletedAt === null ? null : reader,
    });
    const old = message(1, '旧系统的数据库 legacy note', null);
    const gone = message(2, 'ghost legacy words', 5);
    const later = message(3, 'after the upgrade 数据库', null);

    const first = await openDatabase(options(before));
    const store = messagingStore(first.dataSource);
    await store.conversations.insert(conversation);
    await store.members.insertMany([
      {
        conversationId: conversation.id,
        userId: reader,
        role: 'owner',
        status: 'active',
        joinedAt: 1,
        lastReadSeq: 0,
      },
    ]);
    await store.messages.insert(old, [], []);
    await store.messages.insert(gone, [], []);
    await first.dataSource.destroy();

    const second = await openDatabase(options(messagingPersistence.migrations));
    try {
      expect(second.applied).toEqual([
        'MessagingCreateSearch1764600001000',
        'MessagingSearchPending1764600002500',
      ]);
      const search = new SearchQueries(second.dataSource);
      const ids = async (q: string) =>
        (await search.search(userCaller(reader), { q, limit: 10 })).items.map((i) => i.messageId);
      expect(await ids('数据库')).toEqual([old.id]);
      expect(await ids('legacy')).toEqual([old.id]);
      expect(await ids('ghost')).toEqual([]);
      await messagingStore(second.dataSource).messages.insert(later, [], []);
      expect(await ids('数据库')).toEqual([later.id, old.id]);
      if (flavour === 'sqlite') {
        // The triggers that keep it so (a later rebuild of messaging_messages would drop them).
        const triggers = (await second.dataSource.query(
          "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'messaging_messages' ORDER BY name",
        )) as Array<{ name: string }>;
        expect(triggers.map((t) => t.name)).toEqual(
          expect.arrayContaining([
            'messaging_search_on_delete',
            'messaging_search_on_insert',
            'messaging_search_on_update',
          ]),
        );
      }
    } finally {
      await second.dataSource.destroy();
      await db.drop();
    }
  });
});
