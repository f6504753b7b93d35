import { randomBytes } from 'node:crypto';
import { messageSentV1, type EventEnvelope } from '@tidings/contracts';
import {
  DEFAULT_OUTGOING_OPTIONS,
  DeliveryTransports,
  OutgoingEventsConsumer,
  type DeliveryAttempt,
  type TransportResult,
} from '@tidings/integrations/feature';
import { createEnvelope, uuidv7 } from '@tidings/platform/bus';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { As } from './messaging.testing';
import { admin, OutgoingTestHost, verified } from './outgoing.testing';
import { WebhookReceiver, type ReceivedRequest } from './webhook-receiver.testing';

const alice: As = { username: 'alice' };

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/**
 * Outgoing webhooks through the real host (docs/integrations-outgoing.md): messages posted in
 * chat reach a local receiver, signed, retried on the schedule by a clock the test moves (no
 * sleeping), disabled by 410, ordered when asked, replayed, refused by the SSRF guard — and the
 * delivery log shows every try.
 */
describe.each(databaseFlavours)('outgoing webhooks on %s', (flavour) => {
  let db: TestDatabase;
  const host = new OutgoingTestHost();
  const receiver = new WebhookReceiver();
  let opsId: string;
  let deploysId: string;
  let secretGroupId: string;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await receiver.start();
    await host.start({
      DATABASE_URL: db.url,
      TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
      // The receiver listens on loopback, reached by this name only (see the SSRF test).
      INTEGRATIONS_ALLOW_HOSTS: 'localhost',
    });
    const ids = [await host.person('alice'), await host.person('bob')];
    await host.projected(ids);
    const channel = async (body: Record<string, unknown>) => {
      const response = await host.call('POST', '/conversations', alice, body);
      expect(response.statusCode, response.body).toBe(201);
      return (response.json() as { id: string }).id;
    };
    opsId = await channel({
      kind: 'channel',
      visibility: 'public',
      name: 'ops',
      memberIds: [ids[1]],
    });
    deploysId = await channel({ kind: 'channel', visibility: 'public', name: 'deploys' });
    secretGroupId = await channel({ kind: 'channel', visibility: 'private', name: 'hr-secret' });
  });

  afterEach(async () => {
    // A test's subscriptions stop listening, so later tests' messages go only to theirs.
    await host.unsubscribeAll();
  });

  afterAll(async () => {
    await host.stop();
    await receiver.stop();
    await db?.drop();
  });

  const post = async (text: string, conversationId = opsId) => {
    const response = await host.call('POST', `/conversations/${conversationId}/messages`, alice, {
      text,
    });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { id: string }).id;
  };

  const { clock } = host;

  it('refuses what cannot be subscribed, and only admins may subscribe', async () => {
    const refusal = async (body: Record<string, unknown>, as: As = admin) => {
      const response = await host.call('POST', '/integrations/subscriptions', as, {
        name: 'bad',
        ...body,
      });
      return {
        status: response.statusCode,
        field: (response.json() as { errors?: Array<{ path: string }> }).errors?.[0]?.path,
      };
    };
    const events = ['messaging.message.sent'];
    expect(await refusal({ events, url: receiver.url('/x') }, alice)).toMatchObject({
      status: 403,
    });
    expect(await refusal({ events })).toEqual({ status: 422, field: 'url' });
    expect(await refusal({ events: ['messaging.message.snet'], url: receiver.url('/x') })).toEqual({
      status: 400,
      field: 'body.events.0',
    });
    expect(
      await refusal({ events: ['integrations.delivery.*'], url: receiver.url('/x') }),
    ).toMatchObject({ status: 400, field: 'body.events.0' });
    expect(await refusal({ events, url: 'http://example.com:22/' })).toEqual({
      status: 422,
      field: 'url',
    });
    expect(
      await refusal({ events, url: receiver.url('/x'), filters: { mentionsOnly: true } }),
    ).toEqual({ status: 422, field: 'filters.mentionsOnly' });
    expect(await refusal({ events, mode: 'socket' })).toEqual({ status: 422, field: 'botId' });
  });

  it('a receiver answering 500 then 200 gets the same webhook-id twice, validly signed; the log shows both', async () => {
    receiver.answer('/flaky', { status: 500, body: 'oops' }, { status: 200, body: 'thanks' });
    const { id, secret } = await host.subscribe({
      url: receiver.url('/flaky'),
      filters: { conversationIds: [opsId] },
    });
    const shown = await host.call('GET', `/integrations/subscriptions/${id}`, admin);
    expect(shown.json()).toMatchObject({ id, status: 'active', disabledReason: null });
    expect(shown.body).not.toContain(secret.slice(6));
    expect(secret).toMatch(/^whsec_/);

    const messageId = await post('build #42 passed');
    const [first] = await receiver.received('/flaky', 1);
    await host.dispatcher.runDue(); // the first try's record is in
    const [failed] = (await host.deliveries(id)).items;
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: 500,
      eventType: 'messaging.message.sent',
      nextAttemptAt: new Date(clock.now() + 5 * S).toISOString(),
    });

    await host.advance(5 * S - 1);
    expect(receiver.to('/flaky')).toHaveLength(1); // not due yet
    await host.advance(1);
    const [, second] = await receiver.received('/flaky', 2);

    for (const request of [first, second] as ReceivedRequest[]) {
      expect(request.headers['webhook-id']).toBe(failed?.id);
      expect(request.headers['content-type']).toBe('application/json');
      const payload = verified(secret, request);
      expect(payload).toMatchObject({
        type: 'messaging.message.sent',
        data: { text: 'build #42 passed', conversationId: opsId, messageId },
        event: { id: failed?.eventId },
      });
    }
    expect(second?.body).toBe(first?.body); // the same bytes on every try

    const log = await host.detail(failed?.id as string);
    expect(log).toMatchObject({ status: 'succeeded', lastStatusCode: 200, nextAttemptAt: null });
    expect(log.attempts.map((a) => [a.number, a.statusCode, a.responseBody])).toEqual([
      [1, 500, 'oops'],
      [2, 200, 'thanks'],
    ]);
    expect(log.attempts[1]?.requestHeaders['webhook-signature']).toMatch(/^v1,/);
    expect(log.attempts[1]?.requestBody).toMatchObject({ data: { text: 'build #42 passed' } });
    expect(log.attempts.every((a) => a.latencyMs >= 0)).toBe(true);

    // Each try is on the bus: one failed (not final), one succeeded.
    const events = await host.outcomes(failed?.id as string);
    expect(events.map((e) => [e.type, e.data.attempt, e.data.final]).sort()).toEqual([
      ['integrations.delivery.failed', 1, false],
      ['integrations.delivery.succeeded', 2, undefined],
    ]);
  });

  it('a receiver answering 410 is disabled, its pending deliveries dead; enabling it again works', async () => {
    receiver.answer('/gone', { status: 410 });
    // Ordered, and the first answer held: the second delivery is made and waits behind it.
    const release = receiver.hold('/gone');
    const { id } = await host.subscribe({ url: receiver.url('/gone'), ordered: true });
    await post('anyone there?');
    await receiver.received('/gone', 1);
    await post('hello?');
    await host.deliveriesMade(id, 2);
    release();
    await host.dispatcher.runDue();
    const shown = (await host.call('GET', `/integrations/subscriptions/${id}`, admin)).json();
    expect(shown).toMatchObject({
      status: 'disabled',
      disabledReason: expect.stringMatching(/410/),
    });
    const [waiting, gone] = (await host.deliveries(id)).items; // newest first
    expect(gone).toMatchObject({ status: 'dead', attempts: 1, lastStatusCode: 410 });
    expect(waiting).toMatchObject({ status: 'dead', attempts: 0, nextAttemptAt: null });
    expect(waiting?.lastError).toMatch(/410/);
    await host.advance(1 * H);
    expect(receiver.to('/gone')).toHaveLength(1);
    // Disabled: a replay is refused until it is enabled again.
    const replay = await host.call('POST', `/integrations/deliveries/${gone?.id}/replay`, admin);
    expect(replay.statusCode).toBe(409);
    const enabled = await host.call('PATCH', `/integrations/subscriptions/${id}`, admin, {
      enabled: true,
    });
    expect(enabled.json()).toMatchObject({ status: 'active', disabledReason: null });
    expect((await host.outcomes(gone?.id as string)).map((e) => e.data)).toEqual([
      expect.objectContaining({ statusCode: 410, final: true, finalReason: 'gone' }),
    ]);
  });

  it('retries on the schedule — 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 24 h — then the delivery is dead; replay tries again', async () => {
    receiver.answer('/down', { status: 503, body: 'maintenance' });
    const { id, secret } = await host.subscribe({ url: receiver.url('/down') });
    await post('deploy to prod');
    await receiver.received('/down', 1);
    await host.dispatcher.runDue();
    for (const [n, wait] of [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 24 * H].entries()) {
      await host.advance(wait - 1);
      expect(receiver.to('/down'), `try ${n + 2} early`).toHaveLength(n + 1);
      await host.advance(1);
      expect(receiver.to('/down'), `try ${n + 2}`).toHaveLength(n + 2);
    }
    const [dead] = (await host.deliveries(id, '?status=dead')).items;
    expect(dead).toMatchObject({
      status: 'dead',
      attempts: 8,
      nextAttemptAt: null,
      lastStatusCode: 503,
    });
    await host.advance(48 * H);
    expect(receiver.to('/down')).toHaveLength(8);
    const final = (await host.outcomes(dead?.id as string)).filter((e) => e.data.final);
    expect(final.map((e) => e.data)).toEqual([
      expect.objectContaining({ attempt: 8, finalReason: 'exhausted', nextAttemptAt: null }),
    ]);

    // The receiver is back: a replay tries now, with the same webhook-id and a new try.
    receiver.answer('/down', { status: 204 });
    const replay = await host.call('POST', `/integrations/deliveries/${dead?.id}/replay`, admin);
    expect(replay.statusCode, replay.body).toBe(202);
    await host.dispatcher.runDue();
    const tries = await receiver.received('/down', 9);
    expect(tries[8]?.headers['webhook-id']).toBe(dead?.id);
    expect(verified(secret, tries[8] as ReceivedRequest).data.text).toBe('deploy to prod');
    const log = await host.detail(dead?.id as string);
    expect(log).toMatchObject({ status: 'succeeded', lastStatusCode: 204 });
    expect(log.attempts.map((a) => a.statusCode)).toEqual([...Array(8).fill(503), 204]);
  });

  it('honours Retry-After', async () => {
    receiver.answer('/busy', { status: 429, headers: { 'retry-after': '120' } }, { status: 200 });
    const { id } = await host.subscribe({ url: receiver.url('/busy') });
    await post('status?');
    await receiver.received('/busy', 1);
    await host.dispatcher.runDue();
    expect((await host.deliveries(id)).items[0]?.nextAttemptAt).toBe(
      new Date(clock.now() + 120 * S).toISOString(),
    );
    await host.advance(5 * S); // the schedule alone would retry now; the receiver asked for 2 min
    expect(receiver.to('/busy')).toHaveLength(1);
    await host.advance(115 * S);
    expect(receiver.to('/busy')).toHaveLength(2);
  });

  it('filters by conversation and trigger word, and keeps private groups private', async () => {
    receiver.answer('/all', { status: 200 });
    receiver.answer('/deploys', { status: 200 });
    receiver.answer('/trigger', { status: 200 });
    const all = await host.subscribe({ url: receiver.url('/all') });
    const deploys = await host.subscribe({
      url: receiver.url('/deploys'),
      filters: { conversationIds: [deploysId] },
    });
    const trigger = await host.subscribe({
      url: receiver.url('/trigger'),
      filters: { triggerWords: ['deploy', '部署'] },
    });
    const posted = [
      await post('lunch?'),
      await post('payroll numbers', secretGroupId),
      await post('we redeployed nothing'),
      await post('please deploy web'),
      await post('请部署到生产'),
      await post('shipping', deploysId),
    ];
    await host.consumed(...posted);
    await host.dispatcher.runDue();
    const texts = (path: string, secret: string) =>
      receiver
        .to(path)
        .map((r) => verified(secret, r).data.text)
        .sort();
    // Not the private group's message: no bot of this subscription is a member there.
    expect(texts('/all', all.secret)).toEqual(
      ['lunch?', 'we redeployed nothing', 'please deploy web', '请部署到生产', 'shipping'].sort(),
    );
    expect(texts('/trigger', trigger.secret)).toEqual(['please deploy web', '请部署到生产'].sort());
    expect(texts('/deploys', deploys.secret)).toEqual(['shipping']);
  });

  it('in order when asked: the next delivery waits until the one before it succeeded', async () => {
    receiver.answer('/ordered', { status: 500 }, { status: 200 });
    const { id, secret } = await host.subscribe({ url: receiver.url('/ordered'), ordered: true });
    await post('first');
    await receiver.received('/ordered', 1);
    await post('second');
    await host.deliveriesMade(id, 2);
    await host.dispatcher.runDue();
    expect(receiver.to('/ordered')).toHaveLength(1); // "second" waits behind "first"
    await host.advance(5 * S);
    const texts = (await receiver.received('/ordered', 3)).map(
      (r) => verified(secret, r).data.text,
    );
    expect(texts).toEqual(['first', 'first', 'second']);
  });

  it('a redelivered bus event creates one delivery', async () => {
    receiver.answer('/once', { status: 200 });
    const { id } = await host.subscribe({ url: receiver.url('/once') });
    const event = createEnvelope(messageSentV1, 'messaging', {
      key: opsId,
      actor: { kind: 'user', id: 'u-alice' },
      data: {
        conversationId: opsId,
        messageId: uuidv7(),
        seq: 999,
        senderId: 'u-alice',
        senderKind: 'user',
        kind: 'user',
        text: 'delivered twice by the bus',
        threadRootId: null,
        mentions: [],
        clientMsgId: null,
        sentAt: new Date().toISOString(),
      },
    }) as EventEnvelope;
    const consumer = host.app.get(OutgoingEventsConsumer);
    await Promise.all([consumer.handle(event), consumer.handle(event), consumer.handle(event)]);
    await consumer.handle(event);
    const again = await host.dispatcher.deliverNow(event);
    await host.dispatcher.runDue();
    const mine = (await host.deliveries(id)).items.filter((d) => d.eventId === event.id);
    expect(mine).toHaveLength(1);
    expect(again.answers.map((a) => a.deliveryId)).toEqual([mine[0]?.id]);
    expect(receiver.to('/once').map((r) => r.headers['webhook-id'])).toEqual([mine[0]?.id]);
  });

  it('refuses a receiver on a private address at connect time unless the host is allowlisted', async () => {
    receiver.answer('/private', { status: 200 });
    // The same server as 127.0.0.1: not the allowlisted name.
    const { id } = await host.subscribe({ url: `http://127.0.0.1:${receiver.port}/private` });
    await post('to a loopback address');
    const [made] = await host.deliveriesMade(id, 1);
    await host.dispatcher.runDue();
    const log = await host.detail(made?.id as string);
    expect(log).toMatchObject({ status: 'failed', lastStatusCode: null });
    expect(log.attempts[0]?.error).toMatch(/^refused: 127\.0\.0\.1:\d+ is not a public address\.$/);
    expect(receiver.to('/private')).toHaveLength(0);
  });

  it('keeps socket deliveries pending until a transport is registered, then delivers over it', async () => {
    const botId = 'bot-socket';
    const { id } = await host.subscribe({ mode: 'socket', botId });
    await post('for the connector');
    const [pending] = await host.deliveriesMade(id, 1);
    await host.dispatcher.runDue();
    expect((await host.detail(pending?.id as string)).attempts).toEqual([]);

    const seen: DeliveryAttempt[] = [];
    const unregister = host.app.get(DeliveryTransports).register('socket', {
      deliver: async (attempt) => {
        seen.push(attempt);
        return { kind: 'ack', body: null, latencyMs: 3 };
      },
    });
    try {
      await host.dispatcher.runDue();
      expect(seen.map((a) => [a.deliveryId, a.attempt, a.subscription.botId])).toEqual([
        [pending?.id, 1, botId],
      ]);
      expect(JSON.parse(seen[0]?.body ?? '{}')).toMatchObject({
        data: { text: 'for the connector' },
      });
      expect(await host.detail(pending?.id as string)).toMatchObject({
        status: 'succeeded',
        attempts: [expect.objectContaining({ number: 1, statusCode: null, latencyMs: 3 })],
      });
    } finally {
      unregister();
    }
  });

  it('caps HTTP tries only: socket tries waiting for their acks hold no HTTP delivery back', async () => {
    // A connector that takes every delivery and acks none until the end: each try waits.
    const waiting: Array<() => void> = [];
    let acking = false;
    const ack = (): TransportResult => ({ kind: 'ack', body: null, latencyMs: 1 });
    const unregister = host.app.get(DeliveryTransports).register('socket', {
      deliver: () =>
        acking
          ? Promise.resolve(ack())
          : new Promise((resolve) => waiting.push(() => resolve(ack()))),
    });
    try {
      await host.subscribe({
        mode: 'socket',
        botId: 'bot-slow',
        filters: { conversationIds: [deploysId] },
      });
      // As many socket tries in flight as the dispatcher runs HTTP tries at once (8).
      const cap = DEFAULT_OUTGOING_OPTIONS.concurrency;
      for (let i = 0; i < cap; i++) await post(`slow ${i}`, deploysId);
      const deadline = Date.now() + 10_000;
      while (waiting.length < cap) {
        if (Date.now() > deadline) throw new Error(`${waiting.length} socket tries in flight`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }

      receiver.answer('/beside-sockets', { status: 200 });
      const http = await host.subscribe({
        url: receiver.url('/beside-sockets'),
        filters: { conversationIds: [opsId] },
      });
      await post('not held back by the connector');
      const [request] = await receiver.received('/beside-sockets', 1);
      expect(verified(http.secret, request as ReceivedRequest).data.text).toBe(
        'not held back by the connector',
      );
      expect(waiting).toHaveLength(cap); // still unacked all the while
    } finally {
      acking = true;
      for (const release of waiting.splice(0)) release();
      unregister();
    }
    await host.dispatcher.runDue(); // every try recorded before the next test
  });

  it("deliverNow answers the receiver's JSON at once, only to the card sender's subscription", async () => {
    const card = { title: 'Approved by 王芳 at 14:02' };
    receiver.answer('/cards', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ card }),
    });
    receiver.answer('/other-bot', { status: 200 });
    const mine = await host.subscribe({
      url: receiver.url('/cards'),
      botId: 'bot-oa',
      events: ['integrations.*'],
    });
    await host.subscribe({
      url: receiver.url('/other-bot'),
      botId: 'bot-other',
      events: ['integrations.*'],
    });
    const click = {
      id: uuidv7(),
      type: 'integrations.card.action',
      version: 1,
      key: 'bot-oa',
      occurredAt: new Date().toISOString(),
      actor: { kind: 'user', id: 'u-wang' },
      source: 'integrations',
      data: { conversationId: opsId, messageId: 'm1', senderId: 'bot-oa', actionId: 'approve' },
    } as EventEnvelope;
    const result = await host.dispatcher.deliverNow(click);
    expect(result).toMatchObject({
      queued: 0,
      answers: [{ subscriptionId: mine.id, status: 200, json: { card }, outcome: 'succeeded' }],
    });
    expect(verified(mine.secret, receiver.to('/cards')[0] as ReceivedRequest)).toMatchObject({
      type: 'integrations.card.action',
    });
    expect(receiver.to('/other-bot')).toHaveLength(0);
  });
});
