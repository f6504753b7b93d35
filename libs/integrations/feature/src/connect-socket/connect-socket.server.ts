import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  SqlDeliveriesRepository,
  type DeliveriesRepository,
} from '@tidings/integrations/data-access';
import { TokenBuckets } from '@tidings/integrations/domain';
import { DomainError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { DeliveryDispatcher } from '../outgoing/delivery-dispatcher';
import { DeliveryTransports } from '../outgoing/delivery-transport';
import { DeliveryClock } from '../outgoing/ports';
import { BotConnection, BotConnections } from './bot-connection';
import { FrameHandler } from './frame-handler';
import {
  CONNECT_PATH,
  CONNECT_PROTOCOL,
  ConnectClose,
  ConnectCloseReason,
  parseClientFrame,
  readOfferedProtocols,
} from './frames';
import {
  CONNECT_AUTHENTICATOR,
  CONNECT_CARDS,
  CONNECT_PERMISSION,
  CONNECT_SOCKET_OPTIONS,
  type ConnectAuthenticator,
  type ConnectCards,
  type ConnectSocketOptions,
} from './ports';
import { SocketDeliveryTransport, SocketTryError } from './socket-transport';
import { routeUpgrades } from './upgrade-routing';

/** On shutdown, how long connectors get to answer our 1001 before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 1_000;
const CLOSED = 3; // WebSocket.CLOSED
/** A reconnect this soon after a loss looks for the lost tries again after this delay. */
const LOSS_RECHECK_WITHIN_MS = 5_000;
const LOSS_RECHECK_DELAY_MS = 1_000;
/** The errors of tries lost with a socket (closed, or never acked): not the connector's nacks. */
const LOST_TRY_ERRORS = [SocketTryError.connectionLost, SocketTryError.ackTimeout];

/**
 * The outbound-only connector (docs/integrations-connect.md): a bot behind a
 * firewall opens a WebSocket to the host and receives the deliveries of its `socket`
 * subscriptions over it, acking each. This class owns the sockets — upgrade on the host's HTTP
 * server and port, sign-in (the token as a subprotocol or in a first `auth` frame), heartbeat,
 * frames, shutdown — and registers the `socket` transport with the delivery dispatcher.
 */
@Injectable()
export class ConnectSocketServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ConnectSocket');
  private readonly wss: WebSocketServer;
  private readonly connections = new BotConnections();
  private readonly rates: TokenBuckets;
  private readonly deliveries: DeliveriesRepository;
  private readonly frames: FrameHandler;
  private readonly tokens = new WeakMap<BotConnection, string>();
  readonly transport: SocketDeliveryTransport;
  private timers: NodeJS.Timeout[] = [];
  private readonly rechecks = new Set<NodeJS.Timeout>();
  private unroute: (() => void) | undefined;
  private unregister: (() => void) | undefined;
  private draining = false;

  constructor(
    @Inject(CONNECT_SOCKET_OPTIONS) private readonly options: ConnectSocketOptions,
    @Inject(CONNECT_AUTHENTICATOR) private readonly authenticator: ConnectAuthenticator,
    @Inject(CONNECT_CARDS) cards: ConnectCards,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    private readonly transports: DeliveryTransports,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly clock: DeliveryClock,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxFrameBytes,
      // Compression costs memory per socket and invites compression bombs.
      perMessageDeflate: false,
      // Only `tidings.v1` is echoed — never the `bearer.<token>` entry.
      handleProtocols: (offered: Set<string>) =>
        offered.has(CONNECT_PROTOCOL) ? CONNECT_PROTOCOL : false,
    });
    this.wss.on('error', (error) => this.logger.error(error));
    this.rates = new TokenBuckets(options.rate);
    this.deliveries = new SqlDeliveriesRepository(dataSource);
    this.transport = new SocketDeliveryTransport(this.connections, options, clock, () =>
      dispatcher.wake(),
    );
    this.frames = new FrameHandler(this.transport, cards, this.logger);
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) {
      // An application context without HTTP (a CLI command): nothing to serve sockets on.
      this.logger.warn('no HTTP server: /connect is not served');
      return;
    }
    this.unroute = routeUpgrades(server, CONNECT_PATH, (req, socket, head) =>
      this.upgrade(req, socket, head),
    );
    this.unregister = this.transports.register('socket', this.transport);
    const every = (ms: number, task: () => void) => {
      const timer = setInterval(task, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.heartbeatIntervalMs, () => this.beat());
    // Deadlines are checked often enough to end a try within a quarter of its timeout.
    every(Math.max(50, Math.min(1_000, this.options.ackTimeoutMs / 4)), () =>
      this.transport.expireOverdue(),
    );
    // Deliveries left pending while no connector could take them are due for this one.
    this.dispatcher.wake();
  }

  /**
   * Graceful shutdown, before the HTTP server closes: no new upgrades (503), tries in flight
   * end as lost (the dispatcher records them; a reconnect redelivers), every connector is told
   * 1001 "going away", and whoever does not answer in time is cut off.
   */
  async onModuleDestroy(): Promise<void> {
    this.draining = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const timer of this.rechecks) clearTimeout(timer);
    // No new tries; those in flight end now (not after the ack timeout) so shutdown is quick.
    this.unregister?.();
    this.transport.failAll();
    const open = this.connections.all();
    const closed = open.map(
      (c) =>
        new Promise<void>((resolve) =>
          c.socket.readyState === CLOSED ? resolve() : c.socket.once('close', () => resolve()),
        ),
    );
    for (const c of open) c.close(ConnectClose.goingAway, ConnectCloseReason.shutdown);
    const grace = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.all(closed), grace]);
    for (const c of open) if (c.socket.readyState !== CLOSED) c.socket.terminate();
    this.unroute?.();
    this.wss.close();
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.draining) {
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.open(ws, request));
  }

  private open(socket: WebSocket, request: IncomingMessage): void {
    const connection = new BotConnection(socket, (error) =>
      this.logger.error(`connection task failed: ${String(error)}`, (error as Error)?.stack),
    );
    this.connections.add(connection);
    socket.on('error', (error) => this.logger.debug(`socket: ${error.message}`));
    socket.on('close', () => {
      connection.markClosed();
      this.connections.remove(connection);
      this.transport.connectionClosed(connection);
    });
    socket.on('pong', () => (connection.awaitingPong = false));
    socket.on('message', (data, isBinary) => this.onFrame(connection, data, isBinary));
    const authTimer = setTimeout(() => {
      if (connection.state === 'awaiting_auth')
        connection.close(ConnectClose.authTimeout, ConnectCloseReason.authTimeout);
    }, this.options.authTimeoutMs);
    authTimer.unref();
    socket.once('close', () => clearTimeout(authTimer));
    const { token } = readOfferedProtocols(request.headers['sec-websocket-protocol']);
    if (token) connection.enqueue(() => this.signIn(connection, token));
  }

  private onFrame(connection: BotConnection, data: RawData, isBinary: boolean): void {
    if (connection.state === 'closed') return;
    if (!this.rates.take(connection.id).ok) {
      connection.close(ConnectClose.rateLimited, ConnectCloseReason.rateLimited);
      return;
    }
    connection.enqueue(async () => {
      if (connection.state === 'closed') return;
      const parsed = isBinary ? undefined : parseClientFrame(rawText(data));
      if (connection.state === 'awaiting_auth') {
        // Without a subprotocol token, the first frame must sign in; nothing else is answered.
        if (parsed?.ok && parsed.frame.type === 'auth')
          return this.signIn(connection, parsed.frame.token);
        connection.close(ConnectClose.unauthenticated, ConnectCloseReason.authRequired);
        return;
      }
      await this.frames.handle(connection, parsed);
    });
  }

  private async signIn(connection: BotConnection, token: string): Promise<void> {
    if (connection.state !== 'awaiting_auth') return;
    const principal = await this.authenticate(connection, token);
    // The timeout, a shutdown or the connector may have closed it while the token was checked.
    if (!principal || connection.state !== 'awaiting_auth') return;
    // People have /ws; a bot's events come from subscriptions, and only a bot owns those.
    if (principal.kind !== 'bot') {
      connection.close(ConnectClose.forbidden, ConnectCloseReason.botsOnly);
      return;
    }
    if (!principal.permissions.has(CONNECT_PERMISSION)) {
      connection.close(ConnectClose.forbidden, ConnectCloseReason.forbidden);
      return;
    }
    connection.bot = { botId: principal.userId, username: principal.username };
    this.tokens.set(connection, token);
    connection.state = 'ready';
    this.connections.bind(connection);
    connection.send({
      type: 'ready',
      botId: principal.userId,
      username: principal.username,
      connectionId: connection.id,
      protocol: CONNECT_PROTOCOL,
      heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      ackTimeoutMs: this.options.ackTimeoutMs,
      maxInFlight: this.options.maxInFlightPerBot,
    });
    await this.redeliver(principal.userId);
    // A socket of this bot that closed a moment ago: its tries' failures may not be recorded
    // yet (the dispatcher writes them), so they are looked for once more shortly.
    if (this.transport.lostRecently(principal.userId, LOSS_RECHECK_WITHIN_MS)) {
      const recheck = setTimeout(() => {
        this.rechecks.delete(recheck);
        void this.redeliver(principal.userId);
      }, LOSS_RECHECK_DELAY_MS);
      recheck.unref();
      this.rechecks.add(recheck);
    }
  }

  /**
   * Tries lost with an earlier socket (closed, or never acked) were logged as failed and
   * scheduled like any failed try — 5 s, 5 min, 30 min… later; but a connector that is back is
   * the very moment to redeliver, so they are due now. Tries the connector refused itself
   * (`nack`) keep their wait. Then a pass, for them and whatever waited pending.
   */
  private async redeliver(botId: string): Promise<void> {
    try {
      await this.deliveries.retryLostSocketTries(botId, this.clock.now(), LOST_TRY_ERRORS);
    } catch (error) {
      this.logger.error(`making lost tries due failed: ${String(error)}`, (error as Error)?.stack);
    }
    this.dispatcher.wake();
  }

  /** The principal, or null once the socket is closed with the right code. */
  private async authenticate(connection: BotConnection, token: string) {
    try {
      return await this.authenticator.authenticate(token);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthenticated') {
        connection.close(ConnectClose.unauthenticated, error.code);
      } else {
        this.logger.error(`sign-in failed: ${String(error)}`, (error as Error)?.stack);
        connection.close(ConnectClose.internalError, ConnectCloseReason.internal);
      }
      return null;
    }
  }

  /**
   * Dead-peer detection (a sleeping machine sends no FIN): each beat pings every socket and
   * cuts those still owing the previous pong. Each beat also checks signed-in sockets' tokens
   * again: a revoked or expired token, or a deactivated bot, ends its socket with 4401.
   */
  private beat(): void {
    for (const connection of this.connections.all()) {
      if (!connection.isOpen) continue;
      if (connection.awaitingPong) {
        connection.socket.terminate();
        continue;
      }
      connection.awaitingPong = true;
      connection.socket.ping();
      const token = this.tokens.get(connection);
      if (token && connection.isReady)
        connection.enqueue(async () => {
          if (connection.isReady) await this.authenticate(connection, token);
        });
    }
  }
}

/** ws has already checked that a text frame is valid UTF-8 (else it closed with 1007). */
function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
