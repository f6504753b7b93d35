import { randomUUID } from 'node:crypto';
import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayPersistence, SqlDeliveryStore, type NewDelivery } from './index';

/** The delivery store's guarantees, straight against both databases. */
describe.each(databaseFlavours)('gateway delivery store on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let store: SqlDeliveryStore;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [...platformPersistence.entities, ...gatewayPersistence.entities],
      migrations: [...platformPersistence.migrations, ...gatewayPersistence.migrations],
    }));
    store = new SqlDeliveryStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db.drop();
  });

  const delivery = (recipients: string[], text = 'hi'): NewDelivery => ({
    sourceEventId: randomUUID(),
    type: 'messaging.message.sent',
    payload: JSON.stringify({ text }),
    occurredAt: 1_000,
    recipients,
  });
  const user = () => `u-${randomUUID()}`;

  it('hands each recipient the next seq of their own stream, in batch order', async () => {
    const [a, b] = [user(), user()];
    const appended = await store.append([delivery([a, b]), delivery([b]), delivery([a, b])]);
    expect(appended.map((x) => x.seqs)).toEqual([
      [
        { userId: a, seq: 1 },
        { userId: b, seq: 1 },
      ],
      [{ userId: b, seq: 2 }],
      [
        { userId: a, seq: 2 },
        { userId: b, seq: 3 },
      ],
    ]);
    expect(await store.position(b)).toEqual({ currentSeq: 3, oldestSeq: 1 });
    const events = await store.after(b, 1, 10);
    expect(events.map((e) => e.seq)).toEqual([2, 3]);
    expect(events[0]).toMatchObject({ type: 'messaging.message.sent', occurredAt: 1_000 });
    expect(JSON.parse(events[0]?.payload ?? '')).toEqual({ text: 'hi' });
  });

  it('stores a redelivered event once: no second seq', async () => {
    const a = user();
    const first = delivery([a]);
    expect(await store.append([first])).toHaveLength(1);
    expect(await store.append([first, delivery([a])])).toMatchObject([
      { seqs: [{ userId: a, seq: 2 }] },
    ]);
    expect(await store.append([first])).toEqual([]);
    expect((await store.position(a)).currentSeq).toBe(2);
  });

  it('never gives two concurrent writers the same seq', async () => {
    const a = user();
    await Promise.all(Array.from({ length: 8 }, () => store.append([delivery([a])])));
    const seqs = (await store.after(a, 0, 100)).map((e) => e.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('prunes the oldest part of each stream by age and by count, then orphaned payloads', async () => {
    const [a, b] = [user(), user()];
    for (let i = 0; i < 5; i++) await store.append([delivery([a, b], `m${i}`)]);
    // The count cut keeps the newest 3 of each user.
    await store.prune({ before: 0, keepPerUser: 3 });
    expect(await store.position(a)).toEqual({ currentSeq: 5, oldestSeq: 3 });
    expect((await store.after(a, 0, 10)).map((e) => e.seq)).toEqual([3, 4, 5]);
    // The age cut: everything older than "now + 1 s" goes, and with it the payloads.
    const result = await store.prune({ before: Date.now() + 1_000, keepPerUser: 1_000 });
    expect(result.userEvents).toBeGreaterThanOrEqual(6);
    expect(result.events).toBeGreaterThanOrEqual(5);
    expect(await store.position(a)).toEqual({ currentSeq: 5, oldestSeq: undefined });
    const [left] = await dataSource.query(
      'SELECT COUNT(*) AS n FROM gateway_events e WHERE NOT EXISTS (SELECT 1 FROM gateway_user_events ue WHERE ue.event_id = e.id)',
    );
    expect(Number(left.n)).toBe(0);
  });

  it('cuts by age only what is older than the cut', async () => {
    const a = user();
    const [older, newer] = [
      await store.append([delivery([a])]),
      await store.append([delivery([a])]),
    ];
    // The first payload is made an hour old.
    await dataSource.query(
      `UPDATE gateway_events SET created_ms = ${Date.now() - 3_600_000} WHERE source_event_id = '${older[0]?.delivery.sourceEventId}'`,
    );
    expect(newer[0]?.seqs).toEqual([{ userId: a, seq: 2 }]);
    await store.prune({ before: Date.now() - 60_000, keepPerUser: 1_000 });
    expect(await store.position(a)).toEqual({ currentSeq: 2, oldestSeq: 2 });
  });

  it('answers a user without events with seq 0 and nothing retained', async () => {
    expect(await store.position(user())).toEqual({ currentSeq: 0, oldestSeq: undefined });
  });
});

describe.each(databaseFlavours)('gateway user rows migration on %s', (flavour) => {
  it('keeps every stored stream when the user tables lose their extra index', async () => {
    const db = await createTestDatabase(flavour);
    const [first, ...rest] = gatewayPersistence.migrations;
    const open = (migrations: typeof rest) =>
      openDatabase({
        url: db.url,
        entities: [],
        migrations: [...platformPersistence.migrations, ...migrations],
      });
    try {
      const before = await open([first as (typeof rest)[number]]);
      const old = new SqlDeliveryStore(before.dataSource);
      const a = `u-${randomUUID()}`;
      for (const text of ['one', 'two']) {
        await old.append([
          {
            sourceEventId: randomUUID(),
            type: 'messaging.message.sent',
            payload: JSON.stringify({ text }),
            occurredAt: 1,
            recipients: [a],
          },
        ]);
      }
      await before.dataSource.destroy();
      const after = await open([first as (typeof rest)[number], ...rest]);
      const store = new SqlDeliveryStore(after.dataSource);
      expect(await store.position(a)).toEqual({ currentSeq: 2, oldestSeq: 1 });
      expect((await store.after(a, 0, 10)).map((e) => JSON.parse(e.payload))).toEqual([
        { text: 'one' },
        { text: 'two' },
      ]);
      const next = await store.append([
        {
          sourceEventId: randomUUID(),
          type: 'messaging.message.sent',
          payload: '{}',
          occurredAt: 1,
          recipients: [a],
        },
      ]);
      expect(next[0]?.seqs).toEqual([{ userId: a, seq: 3 }]);
      await after.dataSource.destroy();
    } finally {
      await db.drop();
    }
  });
});
