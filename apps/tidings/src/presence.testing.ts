import type { EventEnvelope } from '@tidings/contracts';
import { WsTestClient } from '@tidings/gateway/feature/testing';
import { BusRuntime } from '@tidings/platform/bus';
import { expect } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';
import type { ServerOptions } from '@tidings/host';

export interface PresenceJson {
  userId: string;
  state: 'online' | 'away' | 'dnd' | 'offline';
  lastSeenAt: string | null;
  dnd: { until: string | null } | null;
  status: { text: string; emoji: string | null; expiresAt: string | null } | null;
}

/** The host listening on loopback, with real sockets, and a tap on the `presence` topic. */
export class PresenceTestHost extends MessagingTestHost {
  wsUrl = '';
  readonly events: EventEnvelope[] = [];

  override async start(env: Record<string, string>, options?: ServerOptions): Promise<this> {
    await super.start(env, options);
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = this.app.getHttpServer().address() as { port: number };
    this.wsUrl = `ws://127.0.0.1:${port}/ws`;
    // A test's own consumer group: it reads the topic from its start, as any consumer would.
    await this.app
      .get(BusRuntime)
      .bus.subscribe(`test.presence.${port}`, ['presence'], async (envelope) => {
        this.events.push(envelope);
      });
    return this;
  }

  /** A signed-in socket of `username` (subprotocol token), once `ready`. */
  async device(username: string): Promise<WsTestClient> {
    const token = await this.issuer.token({ sub: `kc-${username}`, username, roles: ['user'] });
    const client = await WsTestClient.connect(this.wsUrl, { token });
    await client.next('ready');
    return client;
  }

  async presenceOf(as: As, userIds: string[]): Promise<PresenceJson[]> {
    const response = await this.call('GET', `/presence?userIds=${userIds.join(',')}`, as);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: PresenceJson[] }).items;
  }

  /** Polls what `as` sees of `userId` until `check` holds (presence updates are asynchronous). */
  async until(
    as: As,
    userId: string,
    check: (p: PresenceJson | undefined) => boolean,
    timeoutMs = 10_000,
  ): Promise<PresenceJson | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [seen] = await this.presenceOf(as, [userId]);
      if (check(seen)) return seen;
      if (Date.now() > deadline) {
        throw new Error(`presence of ${userId} never matched; last: ${JSON.stringify(seen)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Rows of the user's open connections as presence has recorded them. */
  async connectionCount(userId: string): Promise<number> {
    const p = this.dataSource.options.type === 'postgres' ? '$1' : '?';
    const [row] = (await this.dataSource.query(
      `SELECT COUNT(*) AS n FROM presence_connections WHERE user_id = ${p}`,
      [userId],
    )) as Array<{ n: unknown }>;
    return Number(row?.n ?? 0);
  }

  /** presence.changed events about `userId` seen on the bus so far: their states, in order. */
  statesOf(userId: string): string[] {
    return this.events
      .filter((e) => e.type === 'presence.changed' && e.key === userId)
      .map((e) => (e.data as PresenceJson).state);
  }
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
