import { randomUUID } from 'node:crypto';
import {
  CloseCode,
  CloseReason,
  closeReason,
  EventStream,
  frameText,
  TokenBucket,
  type GatewayLimits,
  type ServerEvent,
  type UserEvent,
} from '@tidings/gateway/domain';
import type { WebSocket } from 'ws';
import type { GatewayPrincipal } from './auth-port';

/** After sending a close frame, how long a peer may take to answer before it is cut off. */
const CLOSE_GRACE_MS = 2_000;
/** Live events a connection may buffer while it replays; past it, it is a slow consumer. */
const MAX_BUFFERED_LIVE_EVENTS = 10_000;
const OPEN = 1; // WebSocket.OPEN; a type-only import of ws keeps this file free of its runtime

export type ConnectionState = 'awaiting_auth' | 'ready' | 'closed';

/**
 * One client socket: its sign-in state, its place in its user's event stream, its rate limit,
 * its send-buffer limit and the queue that handles its frames one after another (so a client's
 * frames take effect in the order sent, even when a handler awaits the database).
 */
export class Connection {
  readonly id = randomUUID();
  state: ConnectionState = 'awaiting_auth';
  principal: GatewayPrincipal | undefined;
  /** When the sign-in's token check began (ms since epoch) — see RecentRevocations. */
  authStartedAt = 0;
  /** Set when the heartbeat pings, cleared by the pong; still set at the next beat = dead. */
  awaitingPong = false;
  /** The close code we chose, if we closed it (for metrics). */
  closedWith: number | undefined;
  /**
   * Where this connection is in its user's event stream. It exists from sign-in on, buffering
   * live events until the stream start (ready, replay or resync) has been written.
   */
  readonly stream = new EventStream<UserEvent>();
  /** `?lastSeq=` from the URL: where a subprotocol sign-in resumes (an `auth` frame may override). */
  requestedLastSeq: number | undefined;
  /**
   * The `ready` frame is on its way: the state turns `ready` before the stream start has
   * written it, and a client must see `ready` before any other frame.
   */
  readySent = false;
  /** Per-connection state of frame handlers (e.g. the typing throttle), by handler. */
  readonly handlerState = new Map<symbol, unknown>();
  private work: Promise<void> = Promise.resolve();
  private readonly bucket: TokenBucket;

  constructor(
    readonly socket: WebSocket,
    private readonly limits: GatewayLimits,
    private readonly onTaskError: (error: unknown) => void,
  ) {
    this.bucket = new TokenBucket(limits.rateLimitPerSecond, limits.rateLimitBurst);
  }

  get isOpen(): boolean {
    return this.state !== 'closed' && this.socket.readyState === OPEN;
  }

  /** Counts a client frame against the rate limit; over it, the connection is closed (4429). */
  admit(): boolean {
    if (this.bucket.take()) return true;
    this.close(CloseCode.rateLimited, CloseReason.rateLimited);
    return false;
  }

  /** Runs `task` after the tasks queued before it. */
  enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch(this.onTaskError);
  }

  /** The id events are addressed to (see GatewayPrincipal.recipientId). */
  get recipientId(): string | undefined {
    return this.principal?.recipientId ?? this.principal?.userId;
  }

  /** Sends a reply or an ephemeral frame `{ type, data }`, or `ready` with the stream's seq. */
  send(type: string, data: unknown, seq?: number): boolean {
    const event: ServerEvent = seq === undefined ? { type, data } : { type, seq, data };
    return this.sendText(JSON.stringify(event));
  }

  /** A live event from the fan-out: written now, or buffered while the stream catches up. */
  offer(event: UserEvent): UserEvent[] {
    if (!this.isOpen) return [];
    // A replay that cannot keep up with live traffic must not buffer without bound either.
    if (this.stream.bufferedCount >= MAX_BUFFERED_LIVE_EVENTS) {
      this.close(CloseCode.slowConsumer, CloseReason.slowConsumer);
      return [];
    }
    const ready = this.stream.offer(event);
    return ready.filter((e) => this.sendEvent(e));
  }

  /** Writes one stored event's frame, spliced around the payload serialized once. */
  sendEvent(event: UserEvent, onWritten?: (error?: Error) => void): boolean {
    return this.sendText(frameText(event.frame, event.seq), onWritten);
  }

  /**
   * Writes a frame's text. A client that does not read lets data pile up in our memory; past
   * the limit it is disconnected (4008) instead — it can reconnect and resume.
   */
  sendText(text: string, onWritten?: (error?: Error) => void): boolean {
    if (!this.isOpen) return false;
    if (this.socket.bufferedAmount + Buffer.byteLength(text) > this.limits.sendBufferLimitBytes) {
      this.close(CloseCode.slowConsumer, CloseReason.slowConsumer);
      return false;
    }
    this.socket.send(text, onWritten);
    return true;
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.closedWith = code;
    this.socket.close(code, closeReason(reason));
    // A peer that never answers the close handshake (or never reads, so it never even sees
    // the close frame behind its backlog) must not hold the socket for ws's 30 s default.
    const cutOff = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    cutOff.unref();
    this.socket.once('close', () => clearTimeout(cutOff));
  }

  /** The socket ended without our close (client closed, peer vanished). */
  markClosed(): void {
    this.state = 'closed';
  }
}
