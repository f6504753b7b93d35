import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WsTestClient, type ReceivedEvent } from '@tidings/gateway/feature/testing';
import { createTestDatabase, type TestDatabase } from '@tidings/platform/testing';
import { Webhook } from 'standardwebhooks';
import { expect, inject } from 'vitest';
import { openLdapEnv, startCluster, type Cluster, type ClusterOptions } from '@tidings/cluster';
import { keycloakIssuer, passwordGrant } from './keycloak.testing';

/**
 * The distributed topology for a suite: every service its own process (scripts/cluster), two
 * gateways, nginx as the one origin, over the real Kafka (a namespace of its own), a fresh
 * PostgreSQL database, the real Keycloak and our slapd's OpenLDAP directory.
 */
export class ClusterUnderTest {
  cluster!: Cluster;
  db!: TestDatabase;
  issuer = '';
  private readonly tokens = new Map<string, { token: string; at: number }>();
  readonly sockets: WsTestClient[] = [];

  async start(options: ClusterOptions = {}): Promise<this> {
    [this.issuer, this.db] = await Promise.all([keycloakIssuer(), createTestDatabase('postgres')]);
    this.cluster = await startCluster(
      {
        databaseUrl: this.db.url,
        kafkaBrokers: inject('kafkaBrokers') ?? '',
        kafkaNamespace: `cluster-${randomBytes(4).toString('hex')}`,
        oidcIssuer: this.issuer,
        ldapEnv: openLdapEnv(),
      },
      {
        // A hang guard only: on a busy 2-core machine eight Node processes boot together.
        readyTimeoutMs: 120_000,
        ...options,
        // As compose and Kubernetes give it: consumers leave their groups within it, even busy.
        env: { BUS_PARTITIONS: '3', SHUTDOWN_TIMEOUT_MS: '20000', ...options.env },
      },
    );
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.close();
    await this.cluster?.stop();
    await this.db?.drop();
  }

  /** A Keycloak access token (password grant), kept for a minute. */
  async token(username: string): Promise<string> {
    const kept = this.tokens.get(username);
    if (kept && Date.now() - kept.at < 60_000) return kept.token;
    const token = await passwordGrant(this.issuer, 'tidings-test', username);
    this.tokens.set(username, { token, at: Date.now() });
    return token;
  }

  /** A REST call through the public origin (nginx routes it to the owning service). */
  async call(method: string, path: string, username: string, body?: unknown): Promise<Response> {
    return fetch(`${this.cluster.publicUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(username)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** The call's JSON body, after checking its status. */
  async ok<T = Record<string, unknown>>(
    method: string,
    path: string,
    username: string,
    body?: unknown,
    status = method === 'POST' ? 201 : 200,
  ): Promise<T> {
    const response = await this.call(method, path, username, body);
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(status);
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** Posts a Standard Webhooks-signed body to an incoming webhook through the public origin. */
  async hook(webhookId: string, secret: string, deliveryId: string, body: unknown) {
    const text = JSON.stringify(body);
    const at = new Date();
    return fetch(`${this.cluster.publicUrl}/hooks/${webhookId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': deliveryId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign(deliveryId, at, text),
      },
      body: text,
    });
  }

  /**
   * A device that stays connected as a client app would: when its gateway closes the socket
   * (1001 while draining, or a crash), it reconnects to a gateway that is up, resuming from
   * the last seq it has. `sockets` keeps every socket it had, so their events can be counted.
   */
  async device(username: string, gateway: string) {
    const device = { sockets: [] as WsTestClient[], closes: [] as number[], stopped: false };
    const connect = async (target: string): Promise<void> => {
      const lastSeq = Math.max(
        0,
        ...device.sockets.flatMap((s) => s.events.map((e) => e.seq ?? 0)),
      );
      const { client } = await this.socket(target, username, lastSeq || undefined);
      device.sockets.push(client);
      void client.closed.then(async ({ code }) => {
        device.closes.push(code);
        if (device.stopped) return;
        await eventually(() => connect(this.liveGateway()), 120_000);
      });
    };
    await connect(gateway);
    return device;
  }

  /** A gateway whose process is up (the first one, when both are). */
  private liveGateway(): string {
    const up = this.cluster.gateways().find((g) => g.child.exitCode === null && !g.child.killed);
    if (!up) throw new Error('no gateway is up');
    return up.name;
  }

  /** A socket straight to one gateway process (nginx would pick either). */
  async socket(gateway: string, username: string, lastSeq?: number) {
    const ws = this.cluster.process(gateway).baseUrl.replace(/^http/, 'ws');
    const url = lastSeq === undefined ? `${ws}/ws` : `${ws}/ws?lastSeq=${lastSeq}`;
    const client = await WsTestClient.connect(url, { token: await this.token(username) });
    this.sockets.push(client);
    const ready = await client.next('ready', 15_000);
    return { client, ready };
  }
}

/** Retries `check` until it stops throwing (the bus is asynchronous), up to `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The texts of the `messaging.message.sent` events a socket received, in order. */
export function sentTexts(events: readonly ReceivedEvent[]): unknown[] {
  return events.filter((e) => e.type === 'messaging.message.sent').map((e) => e.data['text']);
}

/** Waits until a socket has the message with this text. */
export async function waitForText(client: WsTestClient, text: string, timeoutMs = 20_000) {
  return eventually(async () => {
    const found = client.events.find(
      (e) => e.type === 'messaging.message.sent' && e.data['text'] === text,
    );
    if (!found) throw new Error(`no "${text}" yet`);
    return found;
  }, timeoutMs);
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An outgoing webhooks' receiver on loopback that answers 200 and keeps what it got. */
export async function startReceiver(): Promise<{
  url: string;
  requests: ReceivedRequest[];
  close: () => Promise<void>;
}> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
