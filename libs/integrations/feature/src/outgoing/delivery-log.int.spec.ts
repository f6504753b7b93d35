import {
  integrationsPersistence,
  SqlDeliveriesRepository,
  type AttemptRecord,
  type DeliveryRecord,
} from '@tidings/integrations/data-access';
import { openDatabase, platformPersistence } from '@tidings/platform/persistence';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import type { DataSource, QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryLog } from './delivery-log';
import type { SubscriptionsService } from './subscriptions.service';

/**
 * Holds the first statement whose SQL matches `pattern`, once it has run, until `proceed()`:
 * a write can then be committed exactly between two statements of a read. Every statement
 * passes through the driver's query runners, so it sees reads in a transaction or not alike.
 */
function pauseAfter(dataSource: DataSource, pattern: RegExp) {
  let arrive = () => undefined as void;
  let proceed = () => undefined as void;
  const reached = new Promise<void>((resolve) => (arrive = resolve));
  const gate = new Promise<void>((resolve) => (proceed = resolve));
  let armed = true;
  const wrapped = new WeakSet<QueryRunner>();
  const driver = dataSource.driver;
  const create = driver.createQueryRunner.bind(driver);
  driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    if (wrapped.has(runner)) return runner; // SQLite hands out one shared runner
    wrapped.add(runner);
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    runner.query = (async (...args: unknown[]) => {
      const result = await query(...args);
      if (armed && pattern.test(String(args[0]))) {
        armed = false;
        arrive();
        await gate;
      }
      return result;
    }) as QueryRunner['query'];
    return runner;
  };
  return { reached, proceed: () => proceed(), restore: () => (driver.createQueryRunner = create) };
}

/** The delivery log's view of one delivery, read while the dispatcher records a try. */
describe.each(databaseFlavours)('delivery log on %s', (flavour) => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let log: DeliveryLog;
  let repo: SqlDeliveriesRepository;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    ({ dataSource } = await openDatabase({
      url: db.url,
      entities: [],
      migrations: [...platformPersistence.migrations, ...integrationsPersistence.migrations],
    }));
    repo = new SqlDeliveriesRepository(dataSource);
    // Only `page` asks for the subscription; `detail` reads the log alone.
    log = new DeliveryLog(dataSource, {} as SubscriptionsService);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const attempt = (deliveryId: string, number: number, statusCode: number): AttemptRecord => ({
    deliveryId,
    number,
    startedAt: number * 5_000,
    requestHeaders: { 'webhook-id': deliveryId },
    statusCode,
    error: null,
    latencyMs: 3,
    responseBody: null,
  });

  it('never shows a try beside the delivery’s state from before it was recorded', async () => {
    const delivery: DeliveryRecord = {
      id: 'msg_consistent',
      subscriptionId: 'sub-1',
      eventId: 'event-1',
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
    };
    await repo.insertIfNew(delivery);
    await repo.recordAttempt(attempt(delivery.id, 1, 500), {
      status: 'failed',
      nextAttemptAt: 5_000,
      lastStatusCode: 500,
      lastError: null,
      succeededAt: null,
      finishedAt: null,
    });

    // The read has fetched the delivery (failed, one try) and is held there; the second try
    // — a success — is recorded as the dispatcher records it, in one transaction.
    const paused = pauseAfter(dataSource, /FROM integrations_deliveries d WHERE d\.id = /);
    try {
      const reading = log.detail(delivery.id);
      await paused.reached;
      const writing = dataSource.transaction((tx) =>
        new SqlDeliveriesRepository(tx).recordAttempt(attempt(delivery.id, 2, 200), {
          status: 'succeeded',
          nextAttemptAt: null,
          lastStatusCode: 200,
          lastError: null,
          succeededAt: 10_000,
          finishedAt: 10_000,
        }),
      );
      // PostgreSQL commits it on another connection before the read goes on; on SQLite the
      // write queues for the lock (a read outside a transaction would let it in between).
      if (flavour === 'postgres') await writing;
      paused.proceed();
      const view = await reading;
      await writing;
      // As of one moment: the delivery as it was, with the tries it had then.
      expect(view).toMatchObject({ status: 'failed', lastStatusCode: 500 });
      expect(view.attempts.map((a) => a.number)).toEqual([1]);
    } finally {
      paused.restore();
    }
    const after = await log.detail(delivery.id);
    expect(after).toMatchObject({ status: 'succeeded', lastStatusCode: 200 });
    expect(after.attempts.map((a) => [a.number, a.statusCode])).toEqual([
      [1, 500],
      [2, 200],
    ]);
  });
});
