import { WsTestClient, type ReceivedEvent } from '@tidings/gateway/feature/testing';
import { MessagingTestHost } from './messaging.testing';
import type { ServerOptions } from '@tidings/host';

/** The host listening on loopback, so real `ws` clients can connect to /ws. */
export class RealtimeTestHost extends MessagingTestHost {
  wsUrl = '';

  override async start(env: Record<string, string>, options?: ServerOptions): Promise<this> {
    await super.start(env, options);
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = this.app.getHttpServer().address() as { port: number };
    this.wsUrl = `ws://127.0.0.1:${port}/ws`;
    return this;
  }

  async token(username: string): Promise<string> {
    return this.issuer.token({ sub: `kc-${username}`, username, roles: ['user'] });
  }

  /** A signed-in device of `username` (subprotocol token, `?lastSeq=` when resuming). */
  async device(
    username: string,
    lastSeq?: number,
  ): Promise<{ client: WsTestClient; ready: ReceivedEvent }> {
    const url = lastSeq === undefined ? this.wsUrl : `${this.wsUrl}?lastSeq=${lastSeq}`;
    const client = await WsTestClient.connect(url, { token: await this.token(username) });
    return { client, ready: await client.next('ready') };
  }

  /** The text of /metrics. */
  async metrics(): Promise<string> {
    return (await this.app.getHttpAdapter().getInstance().inject({ url: '/metrics' })).body;
  }
}

/** Takes the next `n` events of `type`, in arrival order. */
export async function take(
  client: WsTestClient,
  type: string,
  n: number,
  timeoutMs = 10_000,
): Promise<ReceivedEvent[]> {
  const out: ReceivedEvent[] = [];
  for (let i = 0; i < n; i++) out.push(await client.next(type, timeoutMs));
  return out;
}

/** A ping round trip: every frame the server wrote to this socket before it has arrived. */
export async function settle(client: WsTestClient): Promise<void> {
  const id = `settle-${Math.random()}`;
  client.send({ type: 'ping', id });
  for (;;) {
    const pong = await client.next('pong');
    if (pong.data['replyTo'] === id) return;
  }
}
