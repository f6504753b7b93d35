import { randomUUID } from 'node:crypto';
import {
  CloseCode,
  CloseReason,
  closeReason,
  TokenBucket,
  type GatewayLimits,
  type ServerEvent,
} from '@tidings/gateway/domain';
import type { WebSocket } from 'ws';
import type { GatewayPrincipal } from './auth-port';

/** After sending a close frame, how long a peer may take to answer before it is cut off. */
const CLOSE_GRACE_MS = 2_000;
const OPEN = 1; // WebSocket.OPEN; a type-only import of ws keeps this file free of its runtime

export type ConnectionState = 'awaiting_auth' | 'ready' | 'closed';

/**
 * One client socket: its sign-in state, its own `seq` counter, its rate limit, its send-buffer
 * limit and the queue that handles its frames one after another (so a client's frames take
 * effect in the order sent, even when a handler awaits the database).
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
  private nextSeq = 0;
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

  /**
   * Sends `{ type, seq, data }`. A client that does not read lets data pile up in our memory;
   * past the limit it is disconnected (4008) instead — it can reconnect and catch up.
   */
  send(type: string, data: unknown): boolean {
    if (!this.isOpen) return false;
    const event: ServerEvent = { type, seq: this.nextSeq, data };
    const text = JSON.stringify(event);
    if (this.socket.bufferedAmount + Buffer.byteLength(text) > this.limits.sendBufferLimitBytes) {
      this.close(CloseCode.slowConsumer, CloseReason.slowConsumer);
      return false;
    }
    this.nextSeq++;
    this.socket.send(text);
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
