import type { Socket } from 'node:net';
import { ConnectionRegistry } from '@tidings/gateway/feature';
import type { WsTestClient } from '@tidings/gateway/feature/testing';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { As } from './messaging.testing';
import { RealtimeTestHost, take } from './realtime.testing';

const SENT = 'messaging.message.sent';
/** Small, so the test needs few messages past what the kernel's socket buffers soak up. */
const SEND_BUFFER_LIMIT = 256 * 1024;
/** Each message ~8 KB on the wire. */
const PADDING = 'x'.repeat(8_000);
const PACE_MS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * A deliberately slow reader — a socket whose client stops reading while a conversation it is
 * in stays busy — is disconnected with 4008 once its send buffer passes the limit, instead of
 * growing the server's memory; another member's client meanwhile gets every event, in order,
 * promptly. Real sockets on loopback through the whole host, SQLite and PostgreSQL.
 */
describe.each(databaseFlavours)('a slow reader on %s', (flavour) => {
  let db: TestDatabase;
  const host = new RealtimeTestHost();
  const ids: Record<string, string> = {};
  let conversationId = '';
  const open: WsTestClient[] = [];
  const alice: As = { username: 'alice' };

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      WS_SEND_BUFFER_LIMIT_BYTES: String(SEND_BUFFER_LIMIT),
    });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
    const created = await host.call('POST', '/conversations', alice, {
      kind: 'group',
      userIds: [ids['bob'], ids['carol']],
    });
    expect(created.statusCode, created.body).toBe(201);
    conversationId = (created.json() as { id: string }).id;
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await host.stop();
    await db?.drop();
  });

  it('is cut off with 4008 while another client gets every event promptly and in order', async () => {
    const slow = (await host.device('bob')).client;
    const healthy = (await host.device('carol')).client;
    open.push(slow, healthy);
    const arrivedAt = new Map<string, number>();
    healthy.socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { type: string; data: { text?: string } };
      if (frame.type === SENT && frame.data.text) arrivedAt.set(frame.data.text, performance.now());
    });
    const registry = host.app.get(ConnectionRegistry);
    const cutOff = () =>
      registry.connections().some((c) => c.principal?.username === 'bob' && c.closedWith === 4008);
    const sentAt = new Map<string, number>();
    const texts: string[] = [];
    const send = async (text: string) => {
      sentAt.set(text, performance.now());
      texts.push(text);
      const response = await host.call('POST', `/conversations/${conversationId}/messages`, alice, {
        text,
      });
      expect(response.statusCode, response.body).toBe(201);
    };

    // A baseline first, while both read: what latency this machine gives right now (other test
    // suites share its two cores, and the pipeline has several commits per message).
    const BASELINE = 100;
    for (let i = 0; i < BASELINE; i++) {
      await send(`base ${i}`);
      await sleep(PACE_MS);
    }
    // The client stops reading: the kernel's buffers fill, then the server's send buffer grows.
    (slow.socket as unknown as { _socket: Socket })._socket.pause();
    const giveUpAt = Date.now() + 60_000;
    while (!cutOff()) {
      if (Date.now() > giveUpAt) throw new Error(`still connected after ${texts.length} messages`);
      await send(`m${texts.length} ${PADDING}`);
      await sleep(PACE_MS);
    }
    const untilCut = texts.length - BASELINE;
    // The close frame waits behind the backlog: reading again, the client drains it and then
    // sees why it was dropped (within the server's 2 s grace for answering the close).
    (slow.socket as unknown as { _socket: Socket })._socket.resume();
    expect(await slow.closed).toMatchObject({ code: 4008, reason: 'gateway.slow_consumer' });

    // Traffic goes on; the healthy client still gets all of it.
    for (let i = 0; i < 20; i++) {
      await send(`after ${i}`);
      await sleep(PACE_MS);
    }
    const received = await take(healthy, SENT, texts.length);
    expect(received.map((e) => e.data['text'])).toEqual(texts);
    const latency = (t: string) => (arrivedAt.get(t) as number) - (sentAt.get(t) as number);
    const baseline = texts.slice(0, BASELINE).map(latency);
    const stalled = texts.slice(BASELINE).map(latency);
    const summary = (ms: number[]) =>
      `p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms, ` +
      `max ${Math.max(...ms).toFixed(1)} ms`;
    console.info(
      `[${flavour}] slow reader cut off after ${untilCut} messages of ~8 KB. Healthy client, ` +
        `send → receive: baseline (${BASELINE}) ${summary(baseline)}; while the other ` +
        `stalled (${stalled.length}) ${summary(stalled)}`,
    );
    // 200 ms, unless this machine's own tail (measured just before) is already near it: the
    // stalled reader must not add to it.
    expect(percentile(stalled, 99)).toBeLessThan(Math.max(200, 2 * percentile(baseline, 99)));

    const metrics = await host.metrics();
    expect(metrics).toMatch(/tidings_gateway_slow_consumers_total [1-9]/);
    expect(metrics).toMatch(/tidings_gateway_closed_total\{code="4008"\} [1-9]/);
  }, 90_000);
});
