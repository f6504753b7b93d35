import { randomBytes } from 'node:crypto';
import { IntegrationsPruner } from '@tidings/integrations/feature';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { As } from './messaging.testing';
import { admin, OutgoingTestHost } from './outgoing.testing';
import { WebhookReceiver } from './webhook-receiver.testing';

const alice: As = { username: 'alice' };
const DAY = 86_400_000;

/**
 * Retention through the real host (docs/integrations-outgoing.md, _Retention_): finished
 * deliveries go with their tries 30 days after they finished, incoming webhooks' idempotency
 * rows 7 days after they were accepted — by the pruning run the hourly timer makes, called
 * here on a clock the test moves instead of waiting a month.
 */
describe.each(databaseFlavours)('integrations retention on %s', (flavour) => {
  let db: TestDatabase;
  const host = new OutgoingTestHost();
  const receiver = new WebhookReceiver();
  let opsId: string;
  let pruner: IntegrationsPruner;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await receiver.start();
    await host.start({
      DATABASE_URL: db.url,
      PUBLIC_URL: 'https://chat.example.com',
      TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
      INTEGRATIONS_ALLOW_HOSTS: 'localhost',
    });
    pruner = host.app.get(IntegrationsPruner);
    const aliceId = await host.person('alice');
    await host.projected([aliceId]);
    const channel = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'ops',
    });
    expect(channel.statusCode, channel.body).toBe(201);
    opsId = (channel.json() as { id: string }).id;
  });

  afterEach(async () => {
    await host.unsubscribeAll();
  });

  afterAll(async () => {
    await host.stop();
    await receiver.stop();
    await db?.drop();
  });

  const { clock } = host;

  it('deletes a delivery 30 days after it finished, with its tries; an unfinished one stays', async () => {
    receiver.answer('/ok', { status: 200 });
    receiver.answer('/down', { status: 503 });
    const ok = await host.subscribe({ url: receiver.url('/ok') });
    const down = await host.subscribe({ url: receiver.url('/down') });
    const posted = await host.call('POST', `/conversations/${opsId}/messages`, alice, {
      text: 'deployed',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    await receiver.received('/ok', 1);
    await receiver.received('/down', 1);
    await host.dispatcher.runDue();
    const [done] = (await host.deliveries(ok.id)).items;
    const [retrying] = (await host.deliveries(down.id)).items;
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(retrying).toMatchObject({ status: 'failed' });
    const finishedAt = clock.now(); // the clock stands still: the success was stamped now

    // 30 days to the millisecond: kept.
    await pruner.prune(finishedAt + 30 * DAY);
    expect((await host.detail(done?.id as string)).attempts).toHaveLength(1);

    // A moment later (the clock moved, as the hourly run would find it): gone, tries and all.
    clock.advance(30 * DAY + 1);
    expect((await pruner.prune()).deliveries).toBeGreaterThanOrEqual(1);
    const shown = await host.call('GET', `/integrations/deliveries/${done?.id}`, admin);
    expect(shown.statusCode).toBe(404);
    expect((await host.deliveries(ok.id)).items).toEqual([]);
    const tries = (await host.dataSource.query(
      `SELECT COUNT(*) AS n FROM integrations_delivery_attempts WHERE delivery_id = '${done?.id}'`,
    )) as Array<{ n: unknown }>;
    expect(Number(tries[0]?.n)).toBe(0);
    // Still retrying (however old): kept, with its log. (The moved clock made its next try due:
    // the dispatcher's timer may have made it meanwhile, and failed again.)
    const kept = await host.detail(retrying?.id as string);
    expect(kept.status).toBe('failed');
    expect(kept.attempts[0]).toMatchObject({ number: 1, statusCode: 503 });
  });

  it('forgets an incoming webhook’s idempotency key 7 days after the request', async () => {
    const created = await host.call('POST', '/integrations/webhooks', alice, {
      conversations: [opsId],
      displayName: 'Alerts',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { webhook, postUrl } = created.json() as { webhook: { id: string }; postUrl: string };
    const url = new URL(postUrl);
    const send = async () => {
      const response = await host.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method: 'POST',
          url: `${url.pathname}${url.search}`,
          headers: { 'content-type': 'application/json', 'idempotency-key': 'alert-7' },
          payload: JSON.stringify({ text: 'disk 91% on db-1' }),
        });
      expect(response.statusCode, response.body).toBe(200);
      return (response.json() as { messageId: string }).messageId;
    };
    const status = (messageId: string) =>
      host.call('GET', `/integrations/webhooks/${webhook.id}/messages/${messageId}`, alice);

    const first = await send();
    expect(await send()).toBe(first); // the key answers the original
    const accepted = await status(first);
    expect(accepted.statusCode, accepted.body).toBe(200);
    const acceptedAt = Date.parse((accepted.json() as { acceptedAt: string }).acceptedAt);

    await pruner.prune(acceptedAt + 7 * DAY);
    expect(await send()).toBe(first);
    expect((await status(first)).statusCode).toBe(200);

    expect((await pruner.prune(acceptedAt + 7 * DAY + 1)).requests).toBeGreaterThanOrEqual(1);
    // The status route no longer knows the request, and the key is free: a new message.
    const forgotten = await status(first);
    expect(forgotten.statusCode).toBe(404);
    expect(forgotten.json()).toMatchObject({ code: 'integrations.message.not_found' });
    expect(await send()).not.toBe(first);
  });
});
