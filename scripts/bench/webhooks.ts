// `npm run bench -- webhooks`: the integration bus's two paths (issue #9), on the embedded host
// in its own process (SQLite, in-process bus).
//  1. Incoming: BENCH_WEBHOOKS_COUNT posts to `POST /hooks/{id}` signed per Standard Webhooks
//     (each request verified: HMAC-SHA256 over id.timestamp.body), from BENCH_WEBHOOKS_CONCURRENCY
//     keep-alive connections as fast as the host answers. They are spread over
//     BENCH_WEBHOOKS_HOOKS webhooks: one webhook is rate-limited to 20/s by default, a machine's
//     load comes from many. Printed: accepted/s and the answer's p50/p99, and how long messaging
//     took to post them all (posted/s).
//  2. Outgoing: a subscription to `messaging.message.sent` delivering to a local receiver (an
//     allowlisted loopback host); BENCH_WEBHOOKS_DELIVERIES messages posted through the REST API;
//     printed: deliveries/s from the first post to the last delivery, and post → delivery p50/p99.
// Targets on 2 cores: incoming ≥ 5,000/s with signature checking, p99 ≤ 50 ms.
import { randomUUID } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { Webhook } from 'standardwebhooks';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { freePort } from './realtime/processes';
import { fixed, percentile, thousands } from './realtime/stats';
import { startEmbeddedHost, type EmbeddedHost } from './realtime/targets';

const count = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const INCOMING = count('BENCH_WEBHOOKS_COUNT', 20_000);
const CONCURRENCY = count('BENCH_WEBHOOKS_CONCURRENCY', 32);
const HOOKS = count('BENCH_WEBHOOKS_HOOKS', 400);
const DELIVERIES = count('BENCH_WEBHOOKS_DELIVERIES', 2_000);
const TARGET_RATE = 5_000;
const TARGET_P99_MS = 50;

interface Answer {
  status: number;
  body: string;
}

/** One HTTP request over a shared keep-alive agent (node:http: far less client CPU than fetch). */
function send(
  agent: Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method, headers }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

class Api {
  constructor(
    private readonly host: EmbeddedHost,
    private readonly agent: Agent,
    private readonly bearer: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, expect = [200, 201]): Promise<T> {
    const answer = await send(
      this.agent,
      new URL(`/api/v1${path}`, this.host.baseUrl),
      method,
      { authorization: `Bearer ${this.bearer}`, 'content-type': 'application/json' },
      body === undefined ? undefined : JSON.stringify(body),
    );
    if (!expect.includes(answer.status))
      throw new Error(`${method} ${path}: ${answer.status} ${answer.body}`);
    return (answer.body ? JSON.parse(answer.body) : undefined) as T;
  }
}

/** Runs `total` tasks from `concurrency` loops; each task's latency in ms. */
async function closedLoop(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ latencies: Float64Array; seconds: number }> {
  const latencies = new Float64Array(total);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t0 = performance.now();
        await task(i);
        latencies[i] = performance.now() - t0;
      }
    }),
  );
  return { latencies: latencies.sort(), seconds: (performance.now() - started) / 1000 };
}

async function incoming(host: EmbeddedHost, api: Api, agent: Agent, channelId: string) {
  type Created = { webhook: { id: string }; secret: string };
  const hooks: { url: URL; signer: Webhook }[] = [];
  for (let h = 0; h < HOOKS; h++) {
    const created = await api.call<Created>('POST', '/integrations/webhooks', {
      conversations: [channelId],
      displayName: `Bench ${h}`,
      auth: 'standard',
    });
    hooks.push({
      url: new URL(`/hooks/${created.webhook.id}`, host.baseUrl),
      signer: new Webhook(created.secret),
    });
  }
  let rateLimited = 0;
  let lastMessage: { hook: number; id: string } | undefined;
  const { latencies, seconds } = await closedLoop(INCOMING, CONCURRENCY, async (i) => {
    const hook = hooks[i % hooks.length] as (typeof hooks)[number];
    const body = JSON.stringify({ text: `build #${i} **passed** on main (${randomUUID()})` });
    const id = `msg_bench_${i}`;
    const now = new Date();
    const answer = await send(
      agent,
      hook.url,
      'POST',
      {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': hook.signer.sign(id, now, body),
      },
      body,
    );
    if (answer.status === 429) rateLimited++;
    else if (answer.status !== 200) throw new Error(`POST /hooks: ${answer.status} ${answer.body}`);
    else
      lastMessage = {
        hook: i % hooks.length,
        id: (JSON.parse(answer.body) as { messageId: string }).messageId,
      };
  });
  const acceptedAt = performance.now();
  // Messaging posts what was accepted as it consumes the events; the last accepted is posted last.
  if (lastMessage) {
    const hookId = hooks[lastMessage.hook]?.url.pathname.split('/').at(-1);
    for (;;) {
      const status = await api.call<{ status: string }>(
        'GET',
        `/integrations/webhooks/${hookId}/messages/${lastMessage.id}`,
      );
      if (status.status === 'posted') break;
      if (status.status === 'failed')
        throw new Error(`the last message failed: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const postedSeconds = seconds + (performance.now() - acceptedAt) / 1000;
  const accepted = INCOMING - rateLimited;
  const rate = accepted / seconds;
  const p99 = percentile(latencies, 99);
  console.log(
    `incoming: ${thousands(accepted)} signed posts over ${HOOKS} webhooks, ${CONCURRENCY} connections` +
      (rateLimited ? ` (${thousands(rateLimited)} answered 429)` : ''),
  );
  console.log(
    `  accepted ${thousands(rate)}/s (target ≥ ${thousands(TARGET_RATE)}: ${rate >= TARGET_RATE ? 'pass' : 'MISS'}); ` +
      `answer p50 ${fixed(percentile(latencies, 50))} ms, p99 ${fixed(p99)} ms ` +
      `(target ≤ ${TARGET_P99_MS}: ${p99 <= TARGET_P99_MS ? 'pass' : 'MISS'})`,
  );
  console.log(
    `  posted into the channel: all ${thousands(accepted)} after ${fixed(postedSeconds)} s ` +
      `(${thousands(accepted / postedSeconds)}/s)`,
  );
}

/** A local receiver: answers 204 and notes when each webhook-id first arrived. */
async function startReceiver() {
  const arrived = new Map<string, number>();
  let waiting: { total: number; resolve: () => void } | undefined;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = req.headers['webhook-id'];
      if (typeof id === 'string' && !arrived.has(id)) arrived.set(id, performance.now());
      res.writeHead(204).end();
      if (waiting && arrived.size >= waiting.total) waiting.resolve();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/tidings-events`,
    arrived,
    /** Resolves when `total` distinct deliveries arrived; fails after `timeoutMs`. */
    all: (total: number, timeoutMs = 120_000) =>
      new Promise<void>((resolve, reject) => {
        if (arrived.size >= total) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`only ${arrived.size} of ${total} deliveries in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting = {
          total,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function outgoing(api: Api, channelId: string) {
  const receiver = await startReceiver();
  try {
    await api.call('POST', '/integrations/subscriptions', {
      name: 'bench receiver',
      url: receiver.url,
      events: ['messaging.message.sent'],
      filters: { conversationIds: [channelId] },
    });
    const postedAt: number[] = [];
    const started = performance.now();
    await closedLoop(DELIVERIES, 8, async (i) => {
      postedAt[i] = performance.now();
      await api.call('POST', `/conversations/${channelId}/messages`, {
        text: `order #${i} shipped`,
      });
    });
    await receiver.all(DELIVERIES);
    const seconds = (performance.now() - started) / 1000;
    // Delivery order is not post order: latency is each arrival against the post of the same
    // rank, a fair lower bound when both are in order, and the rate is what matters here.
    const arrivals = [...receiver.arrived.values()].sort((a, b) => a - b);
    const sortedPosts = [...postedAt].sort((a, b) => a - b);
    const lag = Float64Array.from(arrivals, (at, i) => at - (sortedPosts[i] ?? at)).sort();
    console.log(
      `outgoing: ${thousands(DELIVERIES)} messages → 1 subscription → a local receiver: ` +
        `${thousands(DELIVERIES / seconds)} deliveries/s; post → delivery p50 ${fixed(percentile(lag, 50))} ms, ` +
        `p99 ${fixed(percentile(lag, 99))} ms`,
    );
  } finally {
    await receiver.close();
  }
}

console.log(
  `webhooks bench: ${availableParallelism()} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const issuer = await new TestIssuer().start();
const host = await startEmbeddedHost(issuer, {
  INTEGRATIONS_ALLOW_HOSTS: '127.0.0.1',
  // e.g. `--cpu-prof --cpu-prof-dir=tmp/prof` to see where the host spends its time
  NODE_OPTIONS: process.env['BENCH_WEBHOOKS_HOST_NODE_OPTIONS'] ?? '',
});
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
try {
  const admin = await issuer.token({
    sub: 'kc-admin',
    username: 'admin',
    roles: ['admin'],
    expiresIn: 7_200,
  });
  const api = new Api(host, agent, admin);
  const channel = await api.call<{ id: string }>('POST', '/conversations', {
    kind: 'channel',
    visibility: 'public',
    name: 'bench-hooks',
    memberIds: [],
  });
  await incoming(host, api, agent, channel.id);
  await outgoing(api, channel.id);
} finally {
  agent.destroy();
  await host.stop();
  await issuer.stop();
}
