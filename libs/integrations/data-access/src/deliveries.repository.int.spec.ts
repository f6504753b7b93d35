import { randomUUID } from 'node:crypto';
import {
  createDataSource,
  openDatabase,
  platformPersistence,
  Sql,
} from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationsDeliveryRetention1765000000300 } from './delivery-retention.migration';
import {
  integrationsPersistence,
  SqlDeliveriesRepository,
  SqlSubscriptionsRepository,
  WebhooksRepository,
  type DeliveryRecord,
  type SubscriptionRecord,
} from './index';

const DAY = 86_400_000;
const migrations = [...platformPersistence.migrations, ...integrationsPersistence.migrations];

/**
 * The delivery log's storage on both databases: what the dispatcher is handed, the reconnect
 * query, retention (and the migration that gives existing rows their finishing time).
 */
describe.each(databaseFlavours)('integrations deliveries repository on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let repo: SqlDeliveriesRepository;
  let subscriptions: SqlSubscriptionsRepository;
  const before = { succeeded: 'msg_old_ok', deadTried: 'msg_old_dead', deadUntried: 'msg_old_410' };

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    // A database from before retention: finished deliveries without a finishing time.
    const old = await openDatabase({
      url: db.url,
      entities: [],
      migrations: migrations.filter((m) => m !== IntegrationsDeliveryRetention1765000000300),
    });
    const sql = new Sql(old.dataSource);
    const insert = (id: string, status: string, created: number, succeeded: number | null) =>
      sql.run(
        `INSERT INTO integrations_deliveries (id, subscription_id, event_id, event_type, body,
           status, attempts, round_start, created_ms, succeeded_ms)
         VALUES (?, 'sub-old', ?, 'messaging.message.sent', '{}', ?, 0, 0, ?, ?)`,
        [id, randomUUID(), status, created, succeeded],
      );
    await insert(before.succeeded, 'succeeded', 1_000, 2_000);
    await insert(before.deadTried, 'dead', 1_000, null);
    await insert(before.deadUntried, 'dead', 1_500, null);
    await insert('msg_old_failed', 'failed', 1_000, null);
    for (const [number, started] of [
      [1, 3_000],
      [2, 7_000],
    ] as const)
      await sql.run(
        `INSERT INTO integrations_delivery_attempts (delivery_id, number, started_ms,
           request_headers, latency_ms) VALUES (?, ?, ?, '{}', 25)`,
        [before.deadTried, number, started],
      );
    await old.dataSource.destroy();
    ({ dataSource } = await openDatabase({ url: db.url, entities: [], migrations }));
    repo = new SqlDeliveriesRepository(dataSource);
    subscriptions = new SqlSubscriptionsRepository(dataSource);
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  const subscription = async (
    mode: 'http' | 'socket',
    botId: string | null = null,
  ): Promise<SubscriptionRecord> => {
    const record: SubscriptionRecord = {
      id: randomUUID(),
      name: 'test',
      mode,
      url: mode === 'http' ? 'https://example.com/hook' : null,
      botId,
      webhookId: null,
      events: ['messaging.message.sent'],
      filters: {},
      ordered: false,
      status: 'active',
      disabledReason: null,
      secret: 'sealed',
      previousSecret: null,
      previousUntil: null,
      createdBy: 'admin',
      createdAt: 1,
    };
    await subscriptions.insert(record);
    return record;
  };

  let made = 0;
  const delivery = async (
    subscriptionId: string,
    fields: Partial<DeliveryRecord> = {},
  ): Promise<DeliveryRecord> => {
    const record: DeliveryRecord = {
      id: `msg_${String(++made).padStart(4, '0')}_${randomUUID()}`,
      subscriptionId,
      eventId: randomUUID(),
      eventType: 'messaging.message.sent',
      body: '{"type":"messaging.message.sent"}',
      status: 'pending',
      attempts: 0,
      roundStart: 0,
      nextAttemptAt: 0,
      lastStatusCode: null,
      lastError: null,
      createdAt: 0,
      succeededAt: null,
      finishedAt: null,
      ...fields,
    };
    expect(await repo.insertIfNew(record)).toBe(true);
    return record;
  };

  /** One try recorded with its effect, as the attempt runner records it. */
  const tried = (
    id: string,
    number: number,
    at: number,
    outcome: { status: DeliveryRecord['status']; error?: string; nextAttemptAt?: number | null },
  ) =>
    repo.recordAttempt(
      {
        deliveryId: id,
        number,
        startedAt: at,
        requestHeaders: { 'webhook-id': id },
        statusCode: outcome.error ? null : 200,
        error: outcome.error ?? null,
        latencyMs: 5,
        responseBody: null,
      },
      {
        status: outcome.status,
        nextAttemptAt: outcome.nextAttemptAt ?? null,
        lastStatusCode: outcome.error ? null : 200,
        lastError: outcome.error ?? null,
        succeededAt: outcome.status === 'succeeded' ? at : null,
        finishedAt: outcome.status === 'failed' ? null : at,
      },
    );

  it('gives finished deliveries from before retention the best finishing time there is', async () => {
    const finished = async (id: string) => (await repo.find(id))?.finishedAt;
    expect(await finished(before.succeeded)).toBe(2_000); // its success
    expect(await finished(before.deadTried)).toBe(7_025); // the end of its last try
    expect(await finished(before.deadUntried)).toBe(1_500); // killed untried: its creation
    expect(await finished('msg_old_failed')).toBeNull(); // not finished
  });

  it('hands the dispatcher each due delivery with its subscription’s mode', async () => {
    const http = await subscription('http');
    const socket = await subscription('socket', 'bot-mode');
    const a = await delivery(http.id, { nextAttemptAt: 10 });
    const b = await delivery(socket.id, { nextAttemptAt: 11 });
    const due = await repo.due(100, ['http', 'socket'], 10, []);
    expect(due.filter((d) => d.id === a.id || d.id === b.id).map((d) => [d.id, d.mode])).toEqual([
      [a.id, 'http'],
      [b.id, 'socket'],
    ]);
  });

  it('reads a delivery with its tries', async () => {
    const http = await subscription('http');
    const d = await delivery(http.id);
    await tried(d.id, 1, 50, { status: 'failed', error: 'refused: no', nextAttemptAt: 5_050 });
    await tried(d.id, 2, 5_050, { status: 'succeeded' });
    const found = await repo.findWithAttempts(d.id);
    expect(found?.delivery).toMatchObject({ status: 'succeeded', attempts: 2, finishedAt: 5_050 });
    expect(found?.attempts.map((a) => [a.number, a.error])).toEqual([
      [1, 'refused: no'],
      [2, null],
    ]);
    expect(await repo.findWithAttempts('msg_none')).toBeUndefined();
    // Inside a caller's transaction it reads in that one.
    await dataSource.transaction(async (tx) => {
      const inTx = await new SqlDeliveriesRepository(tx).findWithAttempts(d.id);
      expect(inTx?.attempts).toHaveLength(2);
    });
  });

  it('makes a reconnecting bot’s lost socket tries due now, and nothing else', async () => {
    const now = 1_000_000;
    const mine = await subscription('socket', 'bot-back');
    const others = await subscription('socket', 'bot-other');
    const http = await subscription('http', 'bot-back');
    const failed = (subscriptionId: string, lastError: string) =>
      delivery(subscriptionId, {
        status: 'failed',
        attempts: 1,
        nextAttemptAt: now + 5_000,
        lastError,
      });
    const lost = await failed(
      mine.id,
      'connect.connection_lost: the connection closed before the ack',
    );
    const late = await failed(mine.id, 'connect.ack_timeout: no ack within 30 s');
    const nacked = await failed(mine.id, 'connect.nack: the connector refused the delivery');
    // `_` of the prefix is no wildcard: this error differs from it in exactly that place.
    const lookalike = await failed(mine.id, 'connect.connectionXlost: not ours');
    const otherBot = await failed(others.id, 'connect.connection_lost: …');
    const overHttp = await failed(http.id, 'connect.connection_lost: …');
    const prefixes = ['connect.connection_lost', 'connect.ack_timeout'];
    expect(await repo.retryLostSocketTries('bot-back', now, prefixes)).toBe(2);
    const next = async (d: DeliveryRecord) => (await repo.find(d.id))?.nextAttemptAt;
    expect(await next(lost)).toBe(now);
    expect(await next(late)).toBe(now);
    for (const untouched of [nacked, lookalike, otherBot, overHttp])
      expect(await next(untouched)).toBe(now + 5_000);
    // The delivery log itself is untouched: only the schedule moved.
    expect(await repo.find(lost.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('prunes deliveries finished before the cut, with their tries; keeps the rest', async () => {
    const cut = 100 * DAY;
    await repo.pruneFinished(cut - DAY, 500); // what earlier tests finished
    const http = await subscription('http');
    const ok = await delivery(http.id);
    await tried(ok.id, 1, cut - 1, { status: 'succeeded' });
    const dead = await delivery(http.id);
    await tried(dead.id, 1, cut - 2, { status: 'dead', error: 'refused: gone' });
    const recent = await delivery(http.id);
    await tried(recent.id, 1, cut, { status: 'succeeded' });
    const retrying = await delivery(http.id);
    await tried(retrying.id, 1, cut - DAY + 1, {
      status: 'failed',
      error: 'x',
      nextAttemptAt: cut * 2,
    });
    const replayed = await delivery(http.id);
    await tried(replayed.id, 1, cut - DAY + 2, { status: 'succeeded' });
    await repo.replay(replayed.id, cut - 1); // unfinished again, whatever its old success
    const gone = await subscription('http');
    const killed = await delivery(gone.id); // never tried: dead by a 410 of the one before it
    await repo.killUnfinished(gone.id, 'The endpoint answered 410 Gone', cut - 3);

    expect(await repo.pruneFinished(cut, 500)).toBe(3);
    for (const pruned of [ok, dead, killed]) {
      expect(await repo.find(pruned.id)).toBeUndefined();
      expect(await repo.attempts(pruned.id)).toEqual([]);
    }
    for (const kept of [recent, replayed]) expect(await repo.attempts(kept.id)).toHaveLength(1);
    expect(await repo.find(retrying.id)).toMatchObject({ status: 'failed' });
    expect(await repo.find(replayed.id)).toMatchObject({ status: 'pending', finishedAt: null });
    expect(await repo.pruneFinished(cut, 500)).toBe(0);
  });

  it('prunes in batches of the size asked', async () => {
    const base = 200 * DAY;
    await repo.pruneFinished(base, 500); // what earlier tests finished
    const http = await subscription('http');
    for (let i = 0; i < 3; i++) {
      const d = await delivery(http.id);
      await tried(d.id, 1, base + i, { status: 'succeeded' });
    }
    expect(await repo.pruneFinished(base + 50, 2)).toBe(2);
    expect(await repo.pruneFinished(base + 50, 2)).toBe(1);
    expect(await repo.pruneFinished(base + 50, 2)).toBe(0);
  });

  it('prunes incoming webhooks’ accepted requests older than the cut', async () => {
    const webhooks = new WebhooksRepository(dataSource);
    const accepted = (key: string, createdAt: number) =>
      webhooks.insertRequest({
        messageId: randomUUID(),
        webhookId: 'wh-prune',
        idempotencyKey: key,
        bodyHash: 'h',
        conversationId: 'c',
        createdAt,
      });
    await accepted('old-1', 1_000);
    await accepted('old-2', 1_999);
    await accepted('new', 2_000);
    expect(await webhooks.pruneRequests(2_000, 1)).toBe(1);
    expect(await webhooks.pruneRequests(2_000, 500)).toBe(1);
    expect(await webhooks.requestByKey('wh-prune', 'old-1')).toBeUndefined();
    expect(await webhooks.requestByKey('wh-prune', 'old-2')).toBeUndefined();
    expect(await webhooks.requestByKey('wh-prune', 'new')).toMatchObject({ createdAt: 2_000 });
  });

  it('reverts by dropping the finishing time and the two indexes only', async () => {
    await dataSource.destroy();
    const reverting = createDataSource({ url: db.url, entities: [], migrations });
    await reverting.initialize();
    try {
      await reverting.undoLastMigration({ transaction: 'each' });
      const rows: Array<Record<string, unknown>> = await reverting.query(
        `SELECT * FROM integrations_deliveries WHERE id = 'msg_old_failed'`,
      );
      expect(rows[0]).toMatchObject({ status: 'failed' });
      expect(rows[0]).not.toHaveProperty('finished_ms');
      // Applied again, it backfills and indexes as the first time.
      await reverting.runMigrations({ transaction: 'each' });
    } finally {
      await reverting.destroy();
    }
  });
});
