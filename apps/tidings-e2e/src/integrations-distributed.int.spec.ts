import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Card } from '@tidings/contracts';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { createTestDatabase, type TestDatabase } from '@tidings/platform/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAIN, startServer, type RunningServer } from './server-process';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Outgoing webhooks' receivers on loopback: `/events` takes every event; `/oa` answers a card
 * click with the approved card, as an OA system would.
 */
class Receiver {
  readonly received: Received[] = [];
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const path = req.url ?? '/';
        this.received.push({ path, headers: req.headers, body });
        if (path !== '/oa') return void res.writeHead(200).end();
        const event = JSON.parse(body) as { data: { user: { displayName: string } } };
        const card: Card = { title: `Approved by ${event.data.user.displayName}` };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ card }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Message {
  id: string;
  text: string;
  card: Card | null;
  cardVersion: number;
  sender: { id: string; kind: string; displayName: string | null };
}

const leaveRequest: Card = {
  title: 'Leave request: 3 days',
  actions: [
    { id: 'approve', label: 'Approve', style: 'primary' },
    { id: 'reject', label: 'Reject', style: 'danger' },
  ],
};

/**
 * Integrations in a process of its own (docs/integrations.md, _Own process_): one process runs
 * identity, directory, messaging, presence and the gateway, another only integrations. They
 * share one PostgreSQL database and the real Kafka broker (in a namespace of their own);
 * integrations asks messaging over its internal routes. Incoming webhooks, outgoing
 * subscriptions, a bot's chat.postMessage and a card click all go through the integrations
 * process and land in (or come from) messaging's — and messaging's refusals reach the caller as
 * messaging's problems.
 */
describe('an integrations process beside a messaging process over Kafka and PostgreSQL', () => {
  const issuer = new TestIssuer();
  const serviceToken = randomBytes(24).toString('hex');
  const receiver = new Receiver();
  let receiverUrl = '';
  let db: TestDatabase;
  let core: RunningServer;
  let integrations: RunningServer;
  const ids: Record<string, string> = {};
  let channelId = '';
  let botId = '';
  let botToken = '';

  const bearer = (username: string, roles = ['user']) =>
    issuer.token({ sub: `kc-${username}`, username, roles });
  /** A request as a person (by username) or with a bot's API token (`{ token }`). */
  const call = async (
    server: RunningServer,
    method: string,
    path: string,
    as: string | { token: string },
    body?: unknown,
    roles?: string[],
  ) =>
    fetch(`${server.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${typeof as === 'string' ? await bearer(as, roles) : as.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const created = async (response: Response) => {
    expect(response.status, await response.clone().text()).toBe(201);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const history = async () => {
    const response = await call(core, 'GET', `/conversations/${channelId}/messages`, 'alice');
    expect(response.status).toBe(200);
    return ((await response.json()) as { items: Message[] }).items;
  };

  beforeAll(async () => {
    await issuer.start();
    receiverUrl = await receiver.start();
    db = await createTestDatabase('postgres');
    const common = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: inject('kafkaBrokers') ?? '',
      KAFKA_NAMESPACE: `intdist-${randomBytes(4).toString('hex')}`,
      BUS_PARTITIONS: '3',
      OIDC_ISSUER: issuer.issuer,
      INTERNAL_SERVICE_TOKEN: serviceToken,
      // Integrations seals Standard Webhooks secrets under it (PostgreSQL has no key file).
      TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    };
    // The core first: it migrates the shared database before integrations opens it.
    core = await startServer({
      ...common,
      TIDINGS_SERVICES: 'identity,directory,messaging,presence,gateway',
    });
    integrations = await startServer({
      ...common,
      TIDINGS_SERVICES: 'integrations',
      MESSAGING_INTERNAL_URL: core.baseUrl,
      // The receivers listen on loopback: only the allowlist lets deliveries reach them.
      INTEGRATIONS_ALLOW_HOSTS: '127.0.0.1',
    });

    for (const username of ['alice', 'bob']) {
      const person = await created(
        await call(
          core,
          'POST',
          '/directory/users',
          'admin',
          { username, displayName: username.toUpperCase() },
          ['admin'],
        ),
      );
      ids[username] = String(person['id']);
    }
    // Messaging learns of the people through the directory topic: until then it would know
    // them by their issuer's id, not their directory id.
    for (const username of ['alice', 'bob'])
      await eventually(async () => {
        const known = await fetch(`${core.baseUrl}/api/v1/internal/messaging/recipient-ids`, {
          method: 'POST',
          headers: { 'x-tidings-service-token': serviceToken, 'content-type': 'application/json' },
          body: JSON.stringify({
            kind: 'user',
            userId: `kc-${username}`,
            username,
            roles: ['user'],
          }),
        });
        expect(await known.json()).toEqual({ recipientId: ids[username] });
      });
    const channel = await created(
      await call(core, 'POST', '/conversations', 'alice', {
        kind: 'channel',
        visibility: 'public',
        name: 'ops',
        memberIds: [ids['bob']],
      }),
    );
    channelId = String(channel['id']);

    const bot = await created(
      await call(core, 'POST', '/bots', 'admin', { username: 'oa-bot', displayName: 'OA System' }, [
        'admin',
      ]),
    );
    botId = String(bot['id']);
    const token = await created(
      await call(core, 'POST', `/bots/${botId}/tokens`, 'admin', {}, ['admin']),
    );
    botToken = String(token['token']);
  });

  afterAll(async () => {
    for (const server of [integrations, core]) {
      if (server && server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    await receiver.stop();
    await issuer.stop();
    await db?.drop();
  });

  it('refuses an integrations-only process that could not reach messaging, and mounts no messaging routes', async () => {
    const alone = spawnSync(process.execPath, [MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TIDINGS_SERVICES: 'integrations',
        KAFKA_BROKERS: '127.0.0.1:9',
        INTERNAL_SERVICE_TOKEN: serviceToken,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(alone.status).toBe(78);
    expect(alone.stderr).toMatch(/MESSAGING_INTERNAL_URL: required for integrations without/);

    const routed = await call(integrations, 'GET', '/conversations', 'alice');
    expect(routed.status).toBe(404);
    // What integrations asks messaging is behind the service token, not a person's.
    const internal = `${core.baseUrl}/api/v1/internal/messaging/integrations/conversations?ref=ops`;
    const asAlice = await fetch(internal, {
      headers: { authorization: `Bearer ${await bearer('alice')}` },
    });
    expect(asAlice.status).toBe(401);
    const asService = await fetch(internal, {
      headers: { 'x-tidings-service-token': serviceToken },
    });
    expect(await asService.json()).toMatchObject({
      conversations: [{ id: channelId, name: 'ops', kind: 'channel', archived: false }],
    });
  });

  it('a signed incoming webhook posted to the integrations process appears in messaging', async () => {
    // Binding checks the channel and alice's ownership with messaging, over HTTP.
    const made = await created(
      await call(integrations, 'POST', '/integrations/webhooks', 'alice', {
        conversations: ['#ops'],
        displayName: 'CI bot',
        auth: 'standard',
      }),
    );
    const webhook = made['webhook'] as { id: string };
    const secret = String(made['secret']);
    // Bob is a member, not an owner: messaging says he may not manage the channel.
    const refused = await call(integrations, 'POST', '/integrations/webhooks', 'bob', {
      conversations: [channelId],
      displayName: 'Not mine',
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'integrations.conversation.forbidden' });

    const body = JSON.stringify({ text: 'build **#42** passed' });
    const at = new Date();
    const response = await fetch(`${integrations.baseUrl}/hooks/${webhook.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign('msg_1', at, body),
      },
      body,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const { messageId } = (await response.json()) as { messageId: string };

    // The status route asks messaging's webhook consumer, in the other process.
    await eventually(async () => {
      const status = await call(
        integrations,
        'GET',
        `/integrations/webhooks/${webhook.id}/messages/${messageId}`,
        'alice',
      );
      expect(status.status).toBe(200);
      expect(await status.json()).toMatchObject({ status: 'posted', messageId });
    });
    expect((await history()).find((m) => m.id === messageId)).toMatchObject({
      text: 'build **#42** passed',
      sender: { id: webhook.id, kind: 'integration', displayName: 'CI bot' },
    });
  });

  it('an outgoing subscription on the integrations process receives a message posted to messaging', async () => {
    const subscription = await created(
      await call(
        integrations,
        'POST',
        '/integrations/subscriptions',
        'admin',
        { name: 'events', url: `${receiverUrl}/events`, events: ['messaging.message.sent'] },
        ['admin'],
      ),
    );
    const secret = String(subscription['secret']);
    await created(
      await call(core, 'POST', `/conversations/${channelId}/messages`, 'alice', {
        text: 'deploy at 14:00',
      }),
    );
    const delivered = await eventually(() => {
      const found = receiver.received
        .filter((r) => r.path === '/events')
        .map(
          (r) =>
            new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
              type: string;
              data: { text: string; conversationId: string };
            },
        )
        .find((e) => e.data.text === 'deploy at 14:00');
      expect(found).toBeDefined();
      return found;
    });
    expect(delivered).toMatchObject({
      type: 'messaging.message.sent',
      data: { conversationId: channelId },
    });
  });

  it('a bot posts with chat.postMessage through the integrations process; messaging’s refusal comes back as messaging said it', async () => {
    const post = (text: string) =>
      call(
        integrations,
        'POST',
        '/connect/chat.postMessage',
        { token: botToken },
        {
          channel: '#ops',
          text,
        },
      );
    // Not a member yet: messaging's 403 messaging.conversation.not_member, in Slack's words.
    const outsider = await post('too early');
    expect(outsider.status).toBe(403);
    expect(await outsider.json()).toMatchObject({
      ok: false,
      error: 'not_in_channel',
      code: 'messaging.conversation.not_member',
    });

    // Messaging learns of the bot through identity's event: until then it is nobody to add.
    await retried(
      () =>
        call(core, 'POST', `/conversations/${channelId}/members`, 'alice', { userIds: [botId] }),
      [200, 201, 204],
    );
    const response = await post('leave request 2026-0417 filed');
    expect(response.status, await response.clone().text()).toBe(200);
    const answer = (await response.json()) as { ok: boolean; channel: string; ts: string };
    expect(answer).toMatchObject({ ok: true, channel: channelId });
    expect((await history()).find((m) => m.id === answer.ts)).toMatchObject({
      text: 'leave request 2026-0417 filed',
      sender: { id: botId, kind: 'bot', displayName: 'OA System' },
    });
  });

  it('a click on a bot’s card goes through the integrations process and its answer replaces the card', async () => {
    await created(
      await call(
        integrations,
        'POST',
        '/integrations/subscriptions',
        'admin',
        { name: 'OA', url: `${receiverUrl}/oa`, botId, events: ['integrations.card.action'] },
        ['admin'],
      ),
    );
    // The bot is a member since the test before this one.
    const posted = await created(
      await call(
        core,
        'POST',
        `/conversations/${channelId}/messages`,
        { token: botToken },
        {
          text: '',
          card: leaveRequest,
        },
      ),
    );
    const messageId = String(posted['id']);

    const click = await call(integrations, 'POST', `/messages/${messageId}/card-actions`, 'bob', {
      actionId: 'approve',
    });
    expect(click.status, await click.clone().text()).toBe(200);
    expect(await click.json()).toMatchObject({
      status: 'updated',
      cardVersion: 2,
      card: { title: 'Approved by BOB' },
    });
    expect((await history()).find((m) => m.id === messageId)).toMatchObject({
      cardVersion: 2,
      card: { title: 'Approved by BOB' },
    });
    // A card messaging does not have: integrations' 404, from messaging's "no such message".
    const missing = await call(
      integrations,
      'POST',
      `/messages/${randomUUID()}/card-actions`,
      'bob',
      { actionId: 'approve' },
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'integrations.card.not_found' });
  });
});

/** Repeats a create until it answers one of `ok` (the bus is still carrying what it needs). */
async function retried(
  request: () => Promise<Response>,
  ok: number[] = [201],
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request();
    if (ok.includes(response.status)) {
      const text = await response.text();
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    }
    if (Date.now() > deadline) throw new Error(`${response.status}: ${await response.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Retries an assertion until it holds (what crosses the bus arrives in its own time). */
async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
