import { DeliveryPruner } from '@tidings/gateway/feature';
import { WsTestClient } from '@tidings/gateway/feature/testing';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { As } from './messaging.testing';
import { RealtimeTestHost, settle, take } from './realtime.testing';

const alice: As = { username: 'alice' };
const SENT = 'messaging.message.sent';

/**
 * Fan-out, resume and typing through the whole host (REST → messaging → outbox → bus → fan-out
 * store → sockets), with real `ws` clients on loopback, on SQLite and on PostgreSQL.
 */
describe.each(databaseFlavours)('real-time delivery on %s', (flavour) => {
  let db: TestDatabase;
  const host = new RealtimeTestHost();
  const ids: Record<string, string> = {};
  let conversationId = '';
  const open: WsTestClient[] = [];
  const device = async (username: string, lastSeq?: number) => {
    const d = await host.device(username, lastSeq);
    open.push(d.client);
    return d;
  };
  const send = async (text: string) => {
    const response = await host.call('POST', `/conversations/${conversationId}/messages`, alice, {
      text,
    });
    expect(response.statusCode, response.body).toBe(201);
  };

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await host.stop();
    await db?.drop();
  });

  it("delivers A's message to both of B's devices with B's seqs, and nothing to a non-member", async () => {
    const b1 = await device('bob');
    const b2 = await device('bob');
    const carol = await device('carol');
    const start = b1.ready.seq as number;
    expect(b2.ready.seq).toBe(start);

    const created = await host.call('POST', '/conversations', alice, {
      kind: 'direct',
      userId: ids['bob'],
    });
    expect(created.statusCode, created.body).toBe(201);
    conversationId = (created.json() as { id: string }).id;
    await send('hello bob');

    for (const b of [b1.client, b2.client]) {
      expect(await b.next('messaging.conversation.created', 10_000)).toMatchObject({
        seq: start + 1,
        data: { conversationId, kind: 'direct' },
      });
      expect(await b.next(SENT, 10_000)).toMatchObject({
        seq: start + 2,
        data: { conversationId, text: 'hello bob', senderId: ids['alice'] },
      });
    }
    // The fan-out wrote carol's frames (if any) with bob's; a round trip later, none came.
    await settle(carol.client);
    expect(carol.client.events.filter((e) => e.type.startsWith('messaging.'))).toEqual([]);
  });

  it('resumes a device that was away: every missed event once and in order, then live ones', async () => {
    const { client: b3, ready } = await device('bob');
    const lastSeq = ready.seq as number;
    b3.close();
    await b3.closed;

    const watcher = (await device('bob')).client;
    for (let i = 0; i < 30; i++) await send(`missed ${i}`);
    await take(watcher, SENT, 30); // stored by now: the watcher saw them live

    // Reconnect while more traffic flows: the switch from replay to live must neither lose
    // nor repeat an event.
    const during = (async () => {
      for (let i = 0; i < 10; i++) await send(`during ${i}`);
    })();
    const back = await device('bob', lastSeq);
    expect(back.ready.seq).toBe(lastSeq);
    await during;
    const events = await take(back.client, SENT, 40);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => lastSeq + 1 + i));
    expect(events.map((e) => e.data['text'])).toEqual([
      ...Array.from({ length: 30 }, (_, i) => `missed ${i}`),
      ...Array.from({ length: 10 }, (_, i) => `during ${i}`),
    ]);

    await send('live again');
    expect(await back.client.next(SENT, 10_000)).toMatchObject({
      seq: lastSeq + 41,
      data: { text: 'live again' },
    });
    await settle(back.client);
    expect(back.client.events.filter((e) => e.type === SENT)).toEqual([]);
  });

  it('resumes a device offline for 30 s under paced traffic: every missed event once, in order, then live', async () => {
    const { client: away, ready } = await device('bob');
    const lastSeq = ready.seq as number;
    away.close();
    await away.closed;
    const watcher = (await device('bob')).client;

    // 5 messages a second, on a fixed schedule (not "200 ms after the previous one ended"),
    // for the whole time the device is away and on while it comes back.
    const PER_SECOND = 5;
    const AWAY_MS = 30_000;
    let sent = 0;
    let stop = false;
    const began = Date.now();
    const traffic = (async () => {
      while (!stop) {
        await send(`paced ${sent++}`);
        const due = began + (sent * 1000) / PER_SECOND;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, AWAY_MS));
    const missedAtLeast = sent;

    const back = await device('bob', lastSeq);
    expect(back.ready.seq).toBe(lastSeq);
    // Live traffic goes on across the switch from replay to live for another second.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stop = true;
    await traffic;
    expect(missedAtLeast).toBeGreaterThanOrEqual(145);

    const events = await take(back.client, SENT, sent);
    expect(events.map((e) => e.seq)).toEqual(
      Array.from({ length: sent }, (_, i) => lastSeq + 1 + i),
    );
    expect(events.map((e) => e.data['text'])).toEqual(
      Array.from({ length: sent }, (_, i) => `paced ${i}`),
    );
    // The watcher, connected throughout, saw the same stream live.
    expect((await take(watcher, SENT, sent)).map((e) => e.seq)).toEqual(events.map((e) => e.seq));

    await send('live after the catch-up');
    expect(await back.client.next(SENT, 10_000)).toMatchObject({
      seq: lastSeq + sent + 1,
      data: { text: 'live after the catch-up' },
    });
    await settle(back.client);
    expect(back.client.events.filter((e) => e.type === SENT)).toEqual([]);
  }, 60_000);

  it('resumes through the auth frame as well', async () => {
    const watcher = (await device('bob')).client;
    const current = (await device('bob')).ready.seq as number;
    await send('while signing in');
    await watcher.next(SENT, 10_000);

    const client = await WsTestClient.connect(host.wsUrl);
    open.push(client);
    client.send({ type: 'auth', token: await host.token('bob'), lastSeq: current });
    expect((await client.next('ready')).seq).toBe(current);
    expect(await client.next(SENT, 10_000)).toMatchObject({
      seq: current + 1,
      data: { text: 'while signing in' },
    });
  });

  it('answers resync when what the device missed is past the retention window', async () => {
    const { ready } = await device('bob');
    const before = ready.seq as number;
    await send('soon forgotten');
    const watcher = (await device('bob')).client;
    await send('also forgotten');
    // Both stored by now (the first may reach the watcher live too, if it was stored after the
    // watcher signed in).
    while ((await watcher.next(SENT, 10_000)).data['text'] !== 'also forgotten');
    // A day passes: everything stored so far is older than the window.
    await host.app.get(DeliveryPruner).prune(Date.now() + 25 * 3_600_000);

    const back = await device('bob', before);
    const current = before + 2;
    expect(back.ready.seq).toBe(current);
    expect(await back.client.next('resync')).toMatchObject({
      data: { lastSeq: before, seq: current, reason: 'expired' },
    });
    await send('after the reload');
    expect(await back.client.next(SENT, 10_000)).toMatchObject({ seq: current + 1 });

    const ahead = await device('bob', current + 1_000);
    expect(await ahead.client.next('resync')).toMatchObject({ data: { reason: 'ahead' } });
  });

  it('passes typing to the other member only, throttled, and refuses a non-member', async () => {
    const typist = (await device('alice')).client;
    const typistOther = (await device('alice')).client;
    const bob = (await device('bob')).client;
    const carol = (await device('carol')).client;

    typist.send({ type: 'typing', conversationId });
    typist.send({ type: 'typing', conversationId }); // within 3 s: throttled
    expect(await bob.next('typing')).toEqual({
      type: 'typing',
      data: { conversationId, userId: ids['alice'], expiresInMs: 5_000 },
    });
    await settle(typist);
    await settle(bob);
    await settle(typistOther);
    await settle(carol);
    expect(bob.events.filter((e) => e.type === 'typing')).toEqual([]);
    expect(typist.events.filter((e) => e.type === 'typing')).toEqual([]);
    expect(typistOther.events.filter((e) => e.type === 'typing')).toEqual([]);
    expect(carol.events.filter((e) => e.type === 'typing')).toEqual([]);

    carol.send({ type: 'typing', id: 't1', conversationId });
    expect(await carol.next('error')).toMatchObject({
      data: { code: 'messaging.conversation.not_member', replyTo: 't1' },
    });
    await settle(bob);
    expect(bob.events.filter((e) => e.type === 'typing')).toEqual([]);
  });

  it('counts deliveries, latency and resumes in /metrics', async () => {
    const metrics = await host.app.getHttpAdapter().getInstance().inject({ url: '/metrics' });
    const text = metrics.body;
    expect(text).toMatch(/tidings_gateway_events_delivered_total\{mode="live"\} [1-9]/);
    expect(text).toMatch(/tidings_gateway_events_delivered_total\{mode="replay"\} [1-9]/);
    expect(text).toMatch(/tidings_gateway_delivery_latency_seconds_count [1-9]/);
    expect(text).toMatch(/tidings_gateway_resumes_total\{outcome="ok"\} [1-9]/);
    expect(text).toMatch(/tidings_gateway_resumes_total\{outcome="resync"\} [1-9]/);
  });
});
