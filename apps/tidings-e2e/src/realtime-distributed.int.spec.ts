import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { WsTestClient, type ReceivedEvent } from '@tidings/gateway/feature/testing';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { createTestDatabase, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAIN, startServer, type RunningServer } from './server-process';

const SENT = 'messaging.message.sent';

/**
 * Distributed mode (docs/realtime.md, _Several gateway processes_): one process runs identity,
 * directory, messaging and presence; two processes run only the gateway. All three share one
 * PostgreSQL database and the real Kafka broker (in a namespace of their own, so other suites
 * on the broker neither see nor take their events). A client on each gateway gets the other's
 * messages; when gateway 1 is SIGKILLed, its client resumes on gateway 2 without a gap or a
 * duplicate.
 */
describe('two gateway processes and a messaging process over Kafka and PostgreSQL', () => {
  const issuer = new TestIssuer();
  const serviceToken = randomBytes(24).toString('hex');
  let db: TestDatabase;
  let messaging: RunningServer;
  let gateway1: RunningServer;
  let gateway2: RunningServer;
  const clients: WsTestClient[] = [];
  const ids: Record<string, string> = {};
  let conversationId = '';

  const token = (username: string, roles = ['user']) =>
    issuer.token({ sub: `kc-${username}`, username, roles });
  const call = async (path: string, username: string, body: unknown, roles?: string[]) =>
    fetch(`${messaging.baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token(username, roles)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const send = async (username: string, text: string) => {
    const response = await call(`/conversations/${conversationId}/messages`, username, { text });
    expect(response.status, await response.clone().text()).toBe(201);
  };
  const device = async (server: RunningServer, username: string, lastSeq?: number) => {
    const ws = server.baseUrl.replace(/^http/, 'ws');
    const url = lastSeq === undefined ? `${ws}/ws` : `${ws}/ws?lastSeq=${lastSeq}`;
    const client = await WsTestClient.connect(url, { token: await token(username) });
    clients.push(client);
    return { client, ready: await client.next('ready', 10_000) };
  };

  beforeAll(async () => {
    await issuer.start();
    db = await createTestDatabase('postgres');
    const common = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: inject('kafkaBrokers') ?? '',
      KAFKA_NAMESPACE: `rtdist-${randomBytes(4).toString('hex')}`,
      BUS_PARTITIONS: '3',
      OIDC_ISSUER: issuer.issuer,
      INTERNAL_SERVICE_TOKEN: serviceToken,
      LOG_LEVEL: 'warn',
    };
    // Messaging first: it migrates the shared database before the gateways open it.
    messaging = await startServer({
      ...common,
      TIDINGS_SERVICES: 'identity,directory,messaging,presence',
    });
    const gatewayEnv = {
      ...common,
      TIDINGS_SERVICES: 'gateway',
      MESSAGING_INTERNAL_URL: messaging.baseUrl,
      PRESENCE_INTERNAL_URL: messaging.baseUrl,
    };
    [gateway1, gateway2] = await Promise.all([startServer(gatewayEnv), startServer(gatewayEnv)]);

    for (const username of ['alice', 'bob']) {
      const created = await call(
        '/directory/users',
        'admin',
        { username, displayName: username.toUpperCase() },
        ['admin'],
      );
      expect(created.status, await created.clone().text()).toBe(201);
      ids[username] = ((await created.json()) as { id: string }).id;
    }
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const server of [gateway1, gateway2, messaging]) {
      if (server && server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    await issuer.stop();
    await db?.drop();
  });

  it('refuses to start a gateway-only process that could not reach messaging or other processes', () => {
    const start = (env: Record<string, string>) =>
      spawnSync(process.execPath, [MAIN], {
        env: { ...process.env, DATABASE_URL: db.url, TIDINGS_SERVICES: 'gateway', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const noBus = start({ KAFKA_BROKERS: '' });
    expect(noBus.status).toBe(78);
    expect(noBus.stderr).toMatch(/KAFKA_BROKERS: required when TIDINGS_SERVICES/);
    const noMessaging = start({
      KAFKA_BROKERS: '127.0.0.1:9',
      INTERNAL_SERVICE_TOKEN: serviceToken,
    });
    expect(noMessaging.status).toBe(78);
    expect(noMessaging.stderr).toMatch(/MESSAGING_INTERNAL_URL: required for a gateway/);
  });

  it('keeps messaging routes out of a gateway-only process, and the internal route behind its token', async () => {
    const routed = await fetch(`${gateway1.baseUrl}/api/v1/conversations`, {
      headers: { authorization: `Bearer ${await token('alice')}` },
    });
    expect(routed.status).toBe(404);
    const internal = `${messaging.baseUrl}/api/v1/internal/messaging/conversations/x/members`;
    expect((await fetch(internal)).status).toBe(401);
    expect(
      (await fetch(internal, { headers: { 'x-tidings-service-token': 'wrong' } })).status,
    ).toBe(401);
    const allowed = await fetch(internal, { headers: { 'x-tidings-service-token': serviceToken } });
    expect(await allowed.json()).toEqual({ members: [] });
  });

  it('delivers each side’s messages to a client on the other gateway, then resumes a client whose gateway died on the other one', async () => {
    const alice = await device(gateway1, 'alice');
    const bob = await device(gateway2, 'bob');

    // Messaging learns of the new people through the directory topic: retry until it has.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await call('/conversations', 'alice', {
        kind: 'direct',
        userId: ids['bob'],
      });
      if (response.status === 201) {
        conversationId = ((await response.json()) as { id: string }).id;
        break;
      }
      if (Date.now() > deadline) throw new Error(`no conversation: ${await response.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    await send('alice', 'a1');
    expect(await waitForText(bob.client, 'a1')).toMatchObject({
      data: { conversationId, senderId: ids['alice'] },
    });
    await send('bob', 'b1');
    expect(await waitForText(alice.client, 'b1')).toMatchObject({
      data: { senderId: ids['bob'] },
    });
    // Typing is never stored, yet crosses processes too.
    alice.client.send({ type: 'typing', conversationId });
    expect(await bob.client.next('typing', 15_000)).toMatchObject({
      data: { conversationId, userId: ids['alice'] },
    });

    // Gateway 1 dies without a word; alice's last seen seq is what her client kept.
    const seenByAlice = [...alice.client.events];
    const lastSeq = Math.max(...seenByAlice.map((e) => e.seq ?? 0));
    gateway1.child.kill('SIGKILL');
    await gateway1.exited;

    const missed = ['b2', 'a2', 'b3', 'a3', 'b4'];
    for (const text of missed) await send(text.startsWith('a') ? 'alice' : 'bob', text);

    const back = await device(gateway2, 'alice', lastSeq);
    expect(back.ready.seq).toBe(lastSeq);
    await waitForText(back.client, 'b4', 30_000);
    await send('bob', 'live');
    await waitForText(back.client, 'live');

    // Every event after lastSeq exactly once, in seq order, with no gap.
    const after = back.client.events.filter((e) => e.seq !== undefined);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => lastSeq + 1 + i));
    expect(textsOf(after)).toEqual([...missed, 'live']);
    expect(textsOf([...seenByAlice, ...after])).toEqual(['a1', 'b1', ...missed, 'live']);

    // Bob never left gateway 2: all of it, each once and in order, too.
    await waitForText(bob.client, 'live');
    const bobs = bob.client.events.filter((e) => e.seq !== undefined);
    expect(bobs.map((e) => e.seq)).toEqual(bobs.map((_, i) => (bob.ready.seq as number) + 1 + i));
    expect(textsOf(bobs)).toEqual(['a1', 'b1', ...missed, 'live']);
  });
});

function textsOf(events: readonly ReceivedEvent[]): unknown[] {
  return events.filter((e) => e.type === SENT).map((e) => e.data['text']);
}

/** Waits until the client has received the message with this text (leaving events in place). */
async function waitForText(
  client: WsTestClient,
  text: string,
  timeoutMs = 15_000,
): Promise<ReceivedEvent> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = client.events.find((e) => e.type === SENT && e.data['text'] === text);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no "${text}" within ${timeoutMs} ms; got ${JSON.stringify(client.events)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
