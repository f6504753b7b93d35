import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { WsTestClient } from '@tidings/gateway/feature/testing';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { createTestDatabase, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAIN, startServer, type RunningServer } from './server-process';

/** Short, so a killed gateway's people go offline quickly; renewed every third of it. */
const LEASE_MS = 2_000;

interface PresenceJson {
  userId: string;
  state: 'online' | 'away' | 'dnd' | 'offline';
}

/**
 * Presence with the gateways in other processes (docs/presence.md, _Several gateway
 * processes_): one process runs identity, directory, messaging and presence; two run only the
 * gateway, on one PostgreSQL database and the real Kafka broker (a namespace of their own).
 * Sockets on gateway 1 are reported through the bus, a subscription made on gateway 2 is kept
 * by presence over its internal route, and the changes reach gateway 2's socket through the
 * gateways' fan-out. When gateway 1 is SIGKILLed, its lease runs out and its people go offline.
 */
describe('presence with gateway processes apart from presence', () => {
  const issuer = new TestIssuer();
  const serviceToken = randomBytes(24).toString('hex');
  let db: TestDatabase;
  let main: RunningServer;
  let gateway1: RunningServer;
  let gateway2: RunningServer;
  const clients: WsTestClient[] = [];
  const ids: Record<string, string> = {};

  const token = (username: string, roles = ['user']) =>
    issuer.token({ sub: `kc-${username}`, username, roles });
  const api = async (method: string, path: string, username: string, body?: unknown) =>
    fetch(`${main.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(username, username === 'admin' ? ['admin'] : ['user'])}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const device = async (server: RunningServer, username: string) => {
    const ws = server.baseUrl.replace(/^http/, 'ws');
    const client = await WsTestClient.connect(`${ws}/ws`, { token: await token(username) });
    clients.push(client);
    await client.next('ready', 10_000);
    return client;
  };
  /** What `viewer` sees of `userId` through presence's REST route (on the presence process). */
  const seenBy = async (viewer: string, userId: string): Promise<PresenceJson | undefined> => {
    const response = await api('GET', `/presence?userIds=${userId}`, viewer);
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { items: PresenceJson[] }).items[0];
  };

  beforeAll(async () => {
    await issuer.start();
    db = await createTestDatabase('postgres');
    const common = {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: inject('kafkaBrokers') ?? '',
      KAFKA_NAMESPACE: `prdist-${randomBytes(4).toString('hex')}`,
      BUS_PARTITIONS: '3',
      OIDC_ISSUER: issuer.issuer,
      INTERNAL_SERVICE_TOKEN: serviceToken,
      PRESENCE_LEASE_MS: String(LEASE_MS),
      LOG_LEVEL: 'warn',
    };
    // First: it migrates the shared database before the gateways open it.
    main = await startServer({
      ...common,
      TIDINGS_SERVICES: 'identity,directory,messaging,presence',
    });
    const gatewayEnv = {
      ...common,
      TIDINGS_SERVICES: 'gateway',
      MESSAGING_INTERNAL_URL: main.baseUrl,
      PRESENCE_INTERNAL_URL: main.baseUrl,
    };
    [gateway1, gateway2] = await Promise.all([startServer(gatewayEnv), startServer(gatewayEnv)]);

    for (const username of ['alice', 'bob']) {
      const created = await api('POST', '/directory/users', 'admin', {
        username,
        displayName: username.toUpperCase(),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      ids[username] = ((await created.json()) as { id: string }).id;
    }
    // Messaging learns of them through the directory topic; until it has, presence and the
    // gateways would know them by their token's subject. Wait for both to be known by id.
    for (const username of ['alice', 'bob']) {
      await until(async () => (await seenBy(username, ids[username] as string)) !== undefined);
    }
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    for (const server of [gateway1, gateway2, main]) {
      if (server && server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    await issuer.stop();
    await db?.drop();
  });

  it('refuses to start a gateway-only process that could not reach presence', () => {
    const started = spawnSync(process.execPath, [MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        TIDINGS_SERVICES: 'gateway',
        KAFKA_BROKERS: '127.0.0.1:9',
        INTERNAL_SERVICE_TOKEN: serviceToken,
        MESSAGING_INTERNAL_URL: 'http://127.0.0.1:9',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(started.status).toBe(78);
    expect(started.stderr).toMatch(
      /PRESENCE_INTERNAL_URL: required for a gateway without presence/,
    );
  });

  it('keeps presence’s internal routes behind the service token', async () => {
    const route = `${main.baseUrl}/api/v1/internal/presence/users/${ids['alice']}/recipients`;
    expect((await fetch(route)).status).toBe(401);
    expect((await fetch(route, { headers: { 'x-tidings-service-token': 'wrong' } })).status).toBe(
      401,
    );
    const allowed = await fetch(route, { headers: { 'x-tidings-service-token': serviceToken } });
    expect(await allowed.json()).toEqual({ recipients: [ids['alice']] });
  });

  it('shows a person on one gateway to a subscriber on the other, until they leave or their gateway dies', async () => {
    const [aliceId, bobId] = [ids['alice'], ids['bob']] as string[];
    const bob = await device(gateway2, 'bob');
    let alice = await device(gateway1, 'alice');

    // Reported through the bus: presence has her online once it read the report.
    await until(async () => (await seenBy('alice', aliceId))?.state === 'online');
    // Bob shares no conversation with her: only his subscription (made on gateway 2, kept by
    // presence) lets him see her.
    bob.send({ type: 'presence.subscribe', id: 's1', userIds: [aliceId], ttlSeconds: 600 });
    const snapshot = await bob.next('presence.snapshot', 10_000);
    expect(snapshot.data).toMatchObject({
      replyTo: 's1',
      users: [{ userId: aliceId, state: 'online' }],
    });

    // Her activity and her status reach bob's socket on the other gateway.
    alice.send({ type: 'presence', state: 'idle' });
    await changeSeen(bob, aliceId, 'away');
    alice.send({ type: 'presence', state: 'active' });
    await changeSeen(bob, aliceId, 'online');
    const dnd = await api('PUT', '/presence/me', 'alice', { status: 'dnd' });
    expect(dnd.status, await dnd.clone().text()).toBe(200);
    await changeSeen(bob, aliceId, 'dnd');
    const auto = await api('PUT', '/presence/me', 'alice', { status: 'auto' });
    expect(auto.status, await auto.clone().text()).toBe(200);
    await changeSeen(bob, aliceId, 'online');

    // She closes her socket: offline.
    alice.close();
    await alice.closed;
    await changeSeen(bob, aliceId, 'offline');

    // Back on gateway 1, which then dies without a word: nobody reports her socket's close,
    // her gateway's lease runs out instead.
    alice = await device(gateway1, 'alice');
    await changeSeen(bob, aliceId, 'online');
    gateway1.child.kill('SIGKILL');
    const killedAt = Date.now();
    await gateway1.exited;
    await until(async () => (await seenBy('bob', aliceId))?.state === 'offline', 20_000);
    // At most a lease after its last heartbeat, found by a sweep a third of a lease later;
    // a second of slack for the bus and the polling.
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + LEASE_MS / 3 + 1_000 + 1_000);
    // Bob's socket hears of it too (the presence fan-out may first have to move off the dead
    // gateway: its consumer group's session timeout).
    await changeSeen(bob, aliceId, 'offline', 30_000);

    // Gateway 2 keeps its own people: bob is still online, his socket still answers.
    expect((await seenBy('bob', bobId))?.state).toBe('online');
    bob.send({ type: 'ping', id: 'p' });
    await bob.next('pong');
  });
});

/** Polls `check` until it holds (presence and the bus are asynchronous), with a deadline. */
async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Takes `presence.changed` frames until one says `userId` is now `state`. */
async function changeSeen(
  client: WsTestClient,
  userId: string,
  state: PresenceJson['state'],
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no presence.changed ${userId} → ${state} in ${timeoutMs} ms`);
    const frame = await client.next('presence.changed', left);
    const data = frame.data as unknown as PresenceJson;
    if (data.userId === userId && data.state === state) return;
  }
}
