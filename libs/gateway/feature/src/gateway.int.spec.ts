import 'reflect-metadata';
import { Global, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { EventEnvelope } from '@tidings/contracts';
import { DEFAULT_GATEWAY_LIMITS, type GatewayLimits } from '@tidings/gateway/domain';
import { EventBus, type EventHandler } from '@tidings/platform/bus';
import { NotFoundError, UnauthenticatedError } from '@tidings/platform/errors';
import { HealthModule } from '@tidings/platform/health';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { GatewayAuthenticator, GatewayPrincipal } from './auth-port';
import { ConnectionRegistry } from './connection-registry';
import { GatewayMessage, type FrameHandler } from './frame-handler';
import { GatewayModule } from './gateway.module';
import { SessionRevocationConsumer } from './session-revocation.consumer';
import { UpgradeRefused, WsTestClient } from './testing/ws-test-client';
import { useGatewayAdapter } from './ws-adapter';

/**
 * The gateway module in a real Nest + Fastify server on loopback, driven by a real `ws`
 * client. Identity is replaced by a table of tokens (the host's wiring to the real
 * Authenticator, and the real bus, are covered by apps/tidings-e2e/src/gateway.int.spec.ts).
 */

const user = (userId: string, permissions: string[]): GatewayPrincipal => ({
  kind: 'user',
  userId,
  username: userId,
  permissions: new Set(permissions),
});
const PRINCIPALS: Record<string, GatewayPrincipal> = {
  alice: user('u-alice', ['self.read']),
  admin: user('u-admin', ['self.read', 'users.manage']),
  bot: { ...user('u-bot', ['connectors.use']), kind: 'bot' },
  // Signed in at an issuer that knows her by another id than the directory (and messaging) do.
  erin: { ...user('kc-erin', ['self.read']), username: 'erin', recipientId: 'u-erin' },
};
/** Lets a test hold a sign-in in flight. */
let holdSignIn: Promise<void> = Promise.resolve();

const authenticator: GatewayAuthenticator = {
  async authenticate(token) {
    await holdSignIn;
    if (token === 'explode') throw new Error('database on fire');
    const principal = PRINCIPALS[token];
    if (!principal) throw new UnauthenticatedError('auth.token_invalid', 'Bad token.');
    return principal;
  },
};

@Injectable()
@GatewayMessage('users.inspect', {
  permission: 'users.manage',
  schema: z.object({ type: z.literal('users.inspect'), userId: z.string().min(1) }),
})
class InspectHandler implements FrameHandler<{ userId: string }> {
  handle(frame: { userId: string }) {
    if (frame.userId === 'ghost')
      throw new NotFoundError('identity.user.not_found', 'No such user.');
    if (frame.userId === 'bug') throw new Error('a bug');
    return { type: 'users.inspected', data: { userId: frame.userId } };
  }
}

@Injectable()
@GatewayMessage('typing.start', { permission: '', schema: z.object({}) })
class UndeclaredHandler implements FrameHandler<unknown> {
  handle() {
    return { type: 'typing', data: {} };
  }
}

/** The bus as far as the consumer sees it: we deliver events to its handler ourselves. */
const delivered: { handler?: EventHandler } = {};
@Global()
@Module({
  providers: [
    {
      provide: EventBus,
      useValue: {
        subscribeInBackground: (_group: string, _topics: string[], handler: EventHandler) => {
          delivered.handler = handler;
          return { close: async () => undefined };
        },
      },
    },
  ],
  exports: [EventBus],
})
class FakeBusModule {}

const limits: GatewayLimits = {
  ...DEFAULT_GATEWAY_LIMITS,
  authTimeoutMs: 300,
  heartbeatIntervalMs: 150,
  maxFrameBytes: 4_096,
  sendBufferLimitBytes: 64 * 1024,
  rateLimitPerSecond: 5,
  rateLimitBurst: 10,
};

async function startGateway(): Promise<{ app: NestFastifyApplication; url: string }> {
  const gateway: DynamicModule = GatewayModule.forRoot({
    limits,
    allowedOrigins: ['https://chat.example.com'],
    connectPermission: 'self.read',
    authenticator: { useFactory: () => authenticator },
    handlers: [InspectHandler, UndeclaredHandler],
  });
  @Module({ imports: [HealthModule, FakeBusModule, gateway] })
  class TestAppModule {}
  const app = await NestFactory.create<NestFastifyApplication>(
    TestAppModule,
    new FastifyAdapter(),
    {
      logger: false,
    },
  );
  useGatewayAdapter(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `ws://127.0.0.1:${address.port}/ws` };
}

const revocation = (userId: string, occurredAt: Date): EventEnvelope => ({
  id: '01890000-0000-7000-8000-000000000000',
  type: 'identity.session.revoked',
  version: 1,
  key: userId,
  occurredAt: occurredAt.toISOString(),
  actor: { kind: 'system', id: 'test' },
  source: 'identity',
  data: { userId, sessionVersion: 2, reason: 'deactivated' },
});
const deliver = (event: EventEnvelope) =>
  delivered.handler!(event, { topic: 'identity', partition: 0, offset: 0n, attempt: 1 });

describe('gateway connection layer', () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await startGateway());
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('handshake and sign-in', () => {
    it('signs in with the bearer subprotocol, echoing only tidings.v1, and says ready (seq 0)', async () => {
      const client = await WsTestClient.connect(url, { token: 'alice' });
      expect(client.socket.protocol).toBe('tidings.v1');
      const ready = await client.next('ready');
      expect(ready).toMatchObject({
        seq: 0,
        data: { userId: 'u-alice', identityId: 'u-alice', protocol: 'tidings.v1' },
      });
      client.close();
    });

    it('names in ready the id events are addressed to, and identity’s id apart, when they differ', async () => {
      const client = await WsTestClient.connect(url, { token: 'erin' });
      const ready = await client.next('ready');
      expect(ready.data).toMatchObject({
        userId: 'u-erin',
        identityId: 'kc-erin',
        username: 'erin',
      });
      client.close();
    });

    it('signs in with an auth first frame, answering frames pipelined behind it in order', async () => {
      const client = await WsTestClient.connect(url);
      client.send({ type: 'auth', token: 'alice' });
      client.send({ type: 'ping', id: 'p1' });
      expect((await client.next()).type).toBe('ready');
      // Replies are not events of the user's stream: they carry no seq.
      const pong = await client.next();
      expect(pong).toMatchObject({ type: 'pong', data: { replyTo: 'p1' } });
      expect(pong).not.toHaveProperty('seq');
      client.close();
    });

    it('closes 4401 for a bad token, naming identity’s code; 1011 when the check itself fails', async () => {
      const bad = await WsTestClient.connect(url, { token: 'forged' });
      expect(await bad.closed).toMatchObject({ code: 4401, reason: 'auth.token_invalid' });
      const viaFrame = await WsTestClient.connect(url);
      viaFrame.send({ type: 'auth', token: 'forged' });
      expect((await viaFrame.closed).code).toBe(4401);
      const broken = await WsTestClient.connect(url, { token: 'explode' });
      expect(await broken.closed).toMatchObject({ code: 1011, reason: 'gateway.internal' });
    });

    it('closes 4401 when the first frame is not auth, and 4408 when no token comes in time', async () => {
      const eager = await WsTestClient.connect(url);
      eager.send({ type: 'ping' });
      expect(await eager.closed).toMatchObject({ code: 4401, reason: 'auth.required' });
      const started = performance.now();
      const silent = await WsTestClient.connect(url);
      const closed = await silent.closed;
      expect(closed).toMatchObject({ code: 4408, reason: 'auth.timeout' });
      expect(closed.at - started).toBeGreaterThanOrEqual(250);
    });

    it('closes 4403 for a principal without the connect permission (a bot token)', async () => {
      const bot = await WsTestClient.connect(url, { token: 'bot' });
      expect(await bot.closed).toMatchObject({ code: 4403, reason: 'gateway.forbidden' });
    });

    it('refuses a foreign Origin at the upgrade (403) and allows listed and absent ones', async () => {
      await expect(
        WsTestClient.connect(url, { token: 'alice', origin: 'https://evil.example' }),
      ).rejects.toMatchObject({ status: 403 });
      await expect(
        WsTestClient.connect(url, { token: 'alice', origin: 'null' }),
      ).rejects.toBeInstanceOf(UpgradeRefused);
      const listed = await WsTestClient.connect(url, {
        token: 'alice',
        origin: 'https://chat.example.com',
      });
      expect((await listed.next('ready')).seq).toBe(0);
      listed.close();
    });
  });

  describe('frames', () => {
    it('answers refusals with error frames and stays open', async () => {
      const client = await WsTestClient.connect(url, { token: 'alice' });
      await client.next('ready');
      const errorFor = async (frame: unknown) => {
        client.send(frame);
        return (await client.next('error')).data;
      };
      expect(await errorFor({ type: 'nope.nothing', id: 'n1' })).toMatchObject({
        code: 'gateway.type_unknown',
        replyTo: 'n1',
      });
      expect(await errorFor({ type: 'users.inspect', userId: 'x' })).toMatchObject({
        code: 'gateway.forbidden',
      });
      expect(await errorFor({ type: 'typing.start' })).toMatchObject({
        code: 'gateway.handler_undeclared',
      });
      expect(await errorFor('not json')).toMatchObject({ code: 'gateway.frame_invalid' });
      expect(await errorFor({ type: 'auth', token: 'alice' })).toMatchObject({
        code: 'gateway.already_authenticated',
      });
      client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
      expect((await client.next('error')).data).toMatchObject({ code: 'gateway.frame_invalid' });
      client.send({ type: 'ping', id: 'still-here' });
      expect((await client.next('pong')).data).toMatchObject({ replyTo: 'still-here' });
      client.close();
    });

    it('validates a permitted frame, and turns handler errors into error frames', async () => {
      const client = await WsTestClient.connect(url, { token: 'admin' });
      await client.next('ready');
      client.send({ type: 'users.inspect', userId: 'u1' });
      client.send({ type: 'users.inspect', id: 'v' });
      client.send({ type: 'users.inspect', userId: 'ghost' });
      client.send({ type: 'users.inspect', userId: 'bug' });
      const replies = [
        await client.next(),
        await client.next(),
        await client.next(),
        await client.next(),
      ];
      expect(replies.map((r) => [r.seq, r.type])).toEqual([
        [undefined, 'users.inspected'],
        [undefined, 'error'],
        [undefined, 'error'],
        [undefined, 'error'],
      ]);
      expect(replies[0]!.data).toEqual({ userId: 'u1' });
      expect(replies[1]!.data).toMatchObject({
        code: 'gateway.frame_invalid',
        replyTo: 'v',
        issues: [{ path: 'userId' }],
      });
      // A domain error keeps its own stable code; anything else is reported as ours.
      expect(replies[2]!.data).toMatchObject({ code: 'identity.user.not_found' });
      expect(replies[3]!.data).toMatchObject({ code: 'gateway.internal' });
      client.close();
    });

    it('closes 1009 on a frame larger than the limit', async () => {
      const client = await WsTestClient.connect(url, { token: 'alice' });
      await client.next('ready');
      client.send({ type: 'ping', pad: 'x'.repeat(limits.maxFrameBytes) });
      expect((await client.closed).code).toBe(1009);
    });

    it('serves a burst, then closes 4429 when a client keeps flooding', async () => {
      const client = await WsTestClient.connect(url, { token: 'alice' });
      await client.next('ready');
      for (let i = 0; i < limits.rateLimitBurst; i++) client.send({ type: 'ping', id: `b${i}` });
      for (let i = 0; i < limits.rateLimitBurst; i++) {
        expect((await client.next('pong')).data).toMatchObject({ replyTo: `b${i}` });
      }
      for (let i = 0; i < limits.rateLimitBurst; i++) client.send({ type: 'ping' });
      expect(await client.closed).toMatchObject({ code: 4429, reason: 'gateway.rate_limited' });
    });
  });

  describe('liveness and back-pressure', () => {
    it('cuts off a peer that stops answering pings, and keeps one that answers', async () => {
      const alive = await WsTestClient.connect(url, { token: 'alice' });
      const dead = await WsTestClient.connect(url, { token: 'alice', autoPong: false });
      const started = performance.now();
      const closed = await dead.closed;
      expect(closed.code).toBe(1006); // terminated: no close frame for a peer presumed gone
      expect(closed.at - started).toBeLessThan(limits.heartbeatIntervalMs * 4);
      expect(alive.socket.readyState).toBe(alive.socket.OPEN);
      alive.close();
    });

    it('disconnects a client that does not read once its send buffer passes the limit', async () => {
      const client = await WsTestClient.connect(url, { token: 'admin' });
      await client.next('ready');
      const registry = app.get(ConnectionRegistry);
      const [connection] = registry.ofUser('u-admin');
      // Stop reading: the kernel buffers fill, then the server's own send buffer grows.
      (client.socket as unknown as { _socket: { pause(): void } })._socket.pause();
      const chunk = 'x'.repeat(32 * 1024);
      let sent = 0;
      while (connection!.send('bulk', chunk) && sent < 2_000) sent++;
      expect(sent).toBeLessThan(2_000); // the limit struck
      expect(connection!.closedWith).toBe(4008);
      (client.socket as unknown as { _socket: { resume(): void } })._socket.resume();
      // The close frame queued behind the backlog (or the cut-off after the grace) ends it.
      expect([4008, 1006]).toContain((await client.closed).code);
      await vi.waitFor(() => expect(registry.ofUser('u-admin')).toEqual([]));
    });
  });

  describe('session revocation', () => {
    it('closes the user’s sockets signed in before the revocation, with 4410', async () => {
      const first = await WsTestClient.connect(url, { token: 'alice' });
      const second = await WsTestClient.connect(url, { token: 'alice' });
      const other = await WsTestClient.connect(url, { token: 'admin' });
      await Promise.all([first.next('ready'), second.next('ready'), other.next('ready')]);
      await deliver(revocation('u-alice', new Date()));
      for (const client of [first, second]) {
        expect(await client.closed).toMatchObject({ code: 4410, reason: 'auth.user_deactivated' });
      }
      expect(other.socket.readyState).toBe(other.socket.OPEN);
      other.close();
    });

    it('leaves sockets signed in after the revocation (a replayed old event)', async () => {
      await deliver(revocation('u-admin', new Date(Date.now() - 60_000)));
      const client = await WsTestClient.connect(url, { token: 'admin' });
      await client.next('ready');
      await deliver(revocation('u-admin', new Date(Date.now() - 60_000)));
      client.send({ type: 'ping' });
      expect((await client.next('pong')).type).toBe('pong');
      client.close();
    });

    it('closes a socket whose sign-in was in flight when the revocation went by', async () => {
      let release!: () => void;
      holdSignIn = new Promise((resolve) => (release = resolve));
      const client = await WsTestClient.connect(url, { token: 'alice' });
      await new Promise((r) => setTimeout(r, 20)); // the token check has started
      await deliver(revocation('u-alice', new Date()));
      release();
      holdSignIn = Promise.resolve();
      expect(await client.closed).toMatchObject({ code: 4410 });
      expect(client.events).toEqual([]); // never ready
    });

    it('is wired to the bus at boot', () => {
      expect(app.get(SessionRevocationConsumer)).toBeDefined();
      expect(delivered.handler).toBeTypeOf('function');
    });
  });
});

describe('graceful shutdown', () => {
  it('tells connected clients 1001 and refuses new upgrades while draining', async () => {
    const { app, url } = await startGateway();
    const client = await WsTestClient.connect(url, { token: 'alice' });
    await client.next('ready');
    const closing = app.close();
    expect(await client.closed).toMatchObject({ code: 1001, reason: 'server.shutdown' });
    await closing;
  });
});
