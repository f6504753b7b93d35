import type { IncomingMessage } from 'node:http';
import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import {
  authFrameSchema,
  CloseCode,
  CloseReason,
  FrameErrorCode,
  lastSeqFromUrl,
  PROTOCOL,
  readOfferedProtocols,
} from '@tidings/gateway/domain';
import { DomainError } from '@tidings/platform/errors';
import type { RawData, WebSocket } from 'ws';
import { GATEWAY_AUTHENTICATOR, type GatewayAuthenticator } from './auth-port';
import { Connection } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { FrameDispatcher } from './frame-dispatcher';
import { GatewayMetrics } from './gateway-metrics';
import { GATEWAY_OPTIONS, GATEWAY_PATH, type GatewayOptions } from './gateway-options';
import { HandshakePolicy } from './handshake-policy';
import { StreamStarter } from './fanout/stream-starter';

const CLOSED = 3; // WebSocket.CLOSED

/** On shutdown, how long clients get to answer our 1001 before their sockets are cut. */
const SHUTDOWN_GRACE_MS = 1_000;

/** Identity's code for a credential past its expiry; the client fetches a new one and resumes. */
const TOKEN_EXPIRED = 'auth.token_expired';

/** setTimeout's longest delay (~24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The connection lifecycle at `/ws`. The upgrade itself (Origin, subprotocol, frame size) is
 * decided by GatewayWsAdapter; from the open socket on, this class signs the client in — with
 * the `bearer.<token>` subprotocol, or an `auth` first frame within the timeout — says
 * `ready`, rate-limits and dispatches its frames, and closes it with a documented code.
 */
@WebSocketGateway({ path: GATEWAY_PATH })
export class GatewayConnections implements OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('Gateway');

  constructor(
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
    @Inject(GATEWAY_AUTHENTICATOR) private readonly authenticator: GatewayAuthenticator,
    private readonly registry: ConnectionRegistry,
    private readonly dispatcher: FrameDispatcher,
    private readonly handshake: HandshakePolicy,
    private readonly metrics: GatewayMetrics,
    private readonly streams: StreamStarter,
  ) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const connection = new Connection(socket, this.options.limits, (error) =>
      this.logger.error(`connection task failed: ${String(error)}`, (error as Error)?.stack),
    );
    this.registry.add(connection);
    socket.on('close', (code) => {
      connection.markClosed();
      this.registry.remove(connection);
      this.metrics.closed.inc({ code: closeLabel(connection.closedWith, code) });
      if (connection.closedWith === CloseCode.slowConsumer) this.metrics.slowConsumers.inc();
    });
    socket.on('pong', () => (connection.awaitingPong = false));
    socket.on('message', (data, isBinary) => this.onFrame(connection, data, isBinary));

    const authTimer = setTimeout(() => {
      if (connection.state === 'awaiting_auth') {
        connection.close(CloseCode.authTimeout, CloseReason.authTimeout);
      }
    }, this.options.limits.authTimeoutMs);
    authTimer.unref();
    socket.once('close', () => clearTimeout(authTimer));

    const { token } = readOfferedProtocols(request.headers['sec-websocket-protocol']);
    // A subprotocol sign-in sends no `auth` frame, so its resume point rides on the URL.
    const lastSeq = lastSeqFromUrl(request.url);
    // Queued, so frames a client sends right after connecting wait for its sign-in.
    if (token) connection.enqueue(() => this.signIn(connection, token, lastSeq));
    connection.requestedLastSeq = lastSeq;
  }

  private onFrame(connection: Connection, data: RawData, isBinary: boolean): void {
    if (connection.state === 'closed' || !connection.admit()) return;
    connection.enqueue(async () => {
      if (connection.state === 'closed') return;
      const text = isBinary ? undefined : rawText(data);
      if (connection.state === 'awaiting_auth') {
        // Without a subprotocol token, the first frame must sign in; nothing else is answered.
        const frame = text === undefined ? undefined : parseJson(text);
        const auth = authFrameSchema.safeParse(frame);
        if (!auth.success) {
          connection.close(CloseCode.unauthenticated, CloseReason.authRequired);
          return;
        }
        return this.signIn(
          connection,
          auth.data.token,
          auth.data.lastSeq ?? connection.requestedLastSeq,
        );
      }
      if (text === undefined) {
        connection.send('error', {
          code: FrameErrorCode.invalid,
          message: 'Frames are JSON text; binary frames are not accepted.',
        });
        return;
      }
      await this.dispatcher.dispatch(connection, text);
    });
  }

  private async signIn(
    connection: Connection,
    token: string,
    lastSeq: number | undefined,
  ): Promise<void> {
    if (connection.state !== 'awaiting_auth') return;
    connection.authStartedAt = Date.now();
    let principal;
    try {
      principal = await this.authenticator.authenticate(token);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'unauthenticated') {
        connection.close(CloseCode.unauthenticated, error.code);
      } else {
        this.logger.error(`sign-in failed: ${String(error)}`, (error as Error)?.stack);
        connection.close(CloseCode.internalError, CloseReason.internal);
      }
      return;
    }
    // The timeout, a shutdown or the client may have closed it while the token was checked.
    if (connection.state !== 'awaiting_auth') return;
    if (!principal.permissions.has(this.options.connectPermission)) {
      connection.close(CloseCode.forbidden, CloseReason.forbidden);
      return;
    }
    connection.principal = principal;
    if (!this.registry.bind(connection)) {
      connection.close(CloseCode.sessionRevoked, CloseReason.sessionRevoked);
      return;
    }
    connection.state = 'ready';
    if (principal.expiresAt !== undefined) closeAtExpiry(connection, principal.expiresAt);
    const { limits } = this.options;
    const ready = {
      // The id every event names this person by (senders, mentions, members, receipts): the
      // one their events are addressed to, which a client needs to tell its own doings apart.
      userId: connection.recipientId,
      // Identity's id for them (admin routes such as /users/{id}/sessions/revoke): the same
      // unless their token comes from an issuer that knows them by another id.
      identityId: principal.userId,
      username: principal.username,
      kind: principal.kind,
      connectionId: connection.id,
      protocol: PROTOCOL,
      heartbeatIntervalMs: limits.heartbeatIntervalMs,
      limits: {
        maxFrameBytes: limits.maxFrameBytes,
        rateLimitPerSecond: limits.rateLimitPerSecond,
        rateLimitBurst: limits.rateLimitBurst,
      },
    };
    try {
      // Registered for live events (bind) before the stream start reads the store: no gap.
      await this.streams.start(connection, ready, lastSeq);
    } catch (error) {
      // Without its stream start the connection would buffer live events for ever.
      this.logger.error(
        `starting the event stream failed: ${String(error)}`,
        (error as Error)?.stack,
      );
      connection.close(CloseCode.internalError, CloseReason.internal);
    }
  }

  /**
   * Graceful shutdown, before the HTTP server closes: no new upgrades (503), every client is
   * told 1001 "going away" so it reconnects elsewhere, and whoever does not answer in time is
   * cut off — an open socket would otherwise keep the HTTP server from closing.
   */
  async onModuleDestroy(): Promise<void> {
    this.handshake.startDraining();
    const open = this.registry.connections();
    if (open.length === 0) return;
    const closed = open.map((c) => closedPromise(c.socket));
    for (const c of open) c.close(CloseCode.goingAway, CloseReason.shutdown);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([Promise.all(closed), timeout]);
    for (const c of open) if (c.socket.readyState !== CLOSED) c.socket.terminate();
    this.logger.log(`closed ${open.length} WebSocket connection(s) for shutdown`);
  }
}

/**
 * Closes the socket when its credential expires (a widget token): a socket must not keep
 * acting as a person longer than the token it signed in with. The timer does not hold the
 * process open and goes with the socket.
 */
function closeAtExpiry(connection: Connection, expiresAt: number): void {
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) {
      connection.close(CloseCode.unauthenticated, TOKEN_EXPIRED);
      return;
    }
    timer = setTimeout(check, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  check();
  connection.socket.once('close', () => clearTimeout(timer));
}

/** ws has already checked that a text frame is valid UTF-8 (else it closed with 1007). */
function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * The metric label: our own close code, or a standard one the client sent. A client may
 * close with any code from 3000 to 4999; those are lumped together so a hostile client
 * cannot mint thousands of series.
 */
function closeLabel(ours: number | undefined, received: number): string {
  if (ours !== undefined) return String(ours);
  return received < 3000 ? String(received) : 'other';
}

function closedPromise(socket: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === CLOSED) resolve();
    else socket.once('close', () => resolve());
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
