import { randomUUID } from 'node:crypto';
import type { Card } from '@tidings/contracts';
import { createDataSource, openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingMessageCards1764600002800 } from './message-cards.migration';
import { messagingPersistence } from './persistence';
import { messagingStore } from './store';

const card: Card = { title: 'Leave request', actions: [{ id: 'approve', label: 'Approve' }] };
const approved: Card = { title: 'Leave request', text: 'Approved by 王芳', accent: 'success' };

const persistence = {
  entities: [...platformPersistence.entities, ...messagingPersistence.entities],
  migrations: [...platformPersistence.migrations, ...messagingPersistence.migrations],
};

describe.each(databaseFlavours)('messages gain a card (migration) on %s', (flavour) => {
  let db: TestDatabase;
  const conversationId = randomUUID();
  const oldMessageId = randomUUID();

  const placeholders = (ds: DataSource, n: number) =>
    Array.from({ length: n }, (_, i) => (ds.options.type === 'postgres' ? `$${i + 1}` : '?')).join(
      ', ',
    );

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    // A database from before the migration, with one message in it.
    const { dataSource } = await openDatabase({
      url: db.url,
      entities: persistence.entities,
      migrations: persistence.migrations.filter((m) => m !== MessagingMessageCards1764600002800),
    });
    await dataSource.transaction((manager) =>
      messagingStore(manager).conversations.insert({
        id: conversationId,
        kind: 'channel',
        visibility: 'public',
        name: 'ops',
        topic: null,
        purpose: null,
        directKey: null,
        createdBy: 'u1',
        createdAt: 1,
        archivedAt: null,
        archivedBy: null,
        lastSeq: 1,
        lastActivityAt: 1,
        memberCount: 0,
      }),
    );
    await dataSource.query(
      `INSERT INTO messaging_messages (id, conversation_id, seq, sender_id, sender_kind, text,
         created_ms) VALUES (${placeholders(dataSource, 7)})`,
      [oldMessageId, conversationId, 1, 'u1', 'user', 'written before cards', 1],
    );
    await dataSource.destroy();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('keeps existing messages card-less (version 0), then stores, versions and drops cards', async () => {
    const { dataSource, applied } = await openDatabase({ url: db.url, ...persistence });
    try {
      expect(applied).toEqual(['MessagingMessageCards1764600002800']);
      const tx = <T>(work: (s: ReturnType<typeof messagingStore>) => Promise<T>) =>
        dataSource.transaction((manager) => work(messagingStore(manager)));
      expect(await tx((s) => s.messages.findById(oldMessageId))).toMatchObject({
        text: 'written before cards',
        card: null,
        cardVersion: 0,
      });

      // A message that had none gets its first card as version 1; a stale version changes nothing.
      expect(await tx((s) => s.messages.replaceCard(oldMessageId, card, 0))).toBe(1);
      expect(await tx((s) => s.messages.replaceCard(oldMessageId, approved, 0))).toBeUndefined();
      expect(await tx((s) => s.messages.replaceCard(oldMessageId, approved, 1))).toBe(2);
      expect(await tx((s) => s.messages.replaceCard(randomUUID(), approved))).toBeUndefined();
      const [detail] = await tx((s) => s.messages.details([oldMessageId]));
      expect(detail).toMatchObject({
        text: 'written before cards',
        card: approved,
        cardVersion: 2,
      });

      // Sent with a card: version 1. Deleted: the card goes, its version stays.
      const id = randomUUID();
      await tx((s) =>
        s.messages.insert(
          {
            id,
            conversationId,
            seq: 2,
            senderId: 'bot',
            senderKind: 'bot',
            clientMsgId: null,
            text: '',
            broadcast: null,
            createdAt: 2,
            editedAt: null,
            deletedAt: null,
            deletedBy: null,
            card,
          },
          [],
          [],
        ),
      );
      expect(await tx((s) => s.messages.findById(id))).toMatchObject({ card, cardVersion: 1 });
      await tx((s) => s.messages.tombstone(id, 'bot', 3));
      expect(await tx((s) => s.messages.findById(id))).toMatchObject({
        card: null,
        cardVersion: 1,
        deletedAt: 3,
      });

      if (flavour === 'sqlite') {
        // ALTER TABLE kept the search triggers (a table rebuild would have dropped them).
        const triggers: Array<{ name: string }> = await dataSource.query(
          "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'messaging_messages' ORDER BY name",
        );
        expect(triggers.map((t) => t.name)).toEqual([
          'messaging_search_on_delete',
          'messaging_search_on_insert',
          'messaging_search_on_update',
        ]);
      }
    } finally {
      await dataSource.destroy();
    }
  });

  it('reverts to messages without cards, keeping them', async () => {
    // Unserialized, like the migration run itself (openDatabase serializes SQLite afterwards).
    const dataSource = createDataSource({ url: db.url, ...persistence });
    await dataSource.initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
      const rows: Array<Record<string, unknown>> = await dataSource.query(
        'SELECT * FROM messaging_messages ORDER BY seq',
      );
      expect(rows.map((r) => r['text'])).toEqual(['written before cards', '']);
      expect(rows[0]).not.toHaveProperty('card');
      expect(rows[0]).not.toHaveProperty('card_version');
    } finally {
      await dataSource.destroy();
    }
  });
});
