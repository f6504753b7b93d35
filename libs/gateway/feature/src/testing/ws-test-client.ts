import { WebSocket, type ClientOptions } from 'ws';

export interface ReceivedEvent {
  type: string;
  /** The user's event seq: on stored events and `ready`; replies and ephemeral frames have none. */
  seq?: number;
  data: Record<string, unknown>;
}

export interface Closed {
  code: number;
  reason: string;
  /** performance.now() when the close event fired. */
  at: number;
}

export interface ConnectOptions {
  /** Sent as the `bearer.<token>` subprotocol next to `tidings.v1`. */
  token?: string;
  /** Offered subprotocols (default: `tidings.v1`, plus the bearer entry when `token` is set). */
  protocols?: string[];
  origin?: string;
  /** false: do not answer the server's pings — a dead peer, as far as the server can tell. */
  autoPong?: boolean;
  maxPayload?: number;
}

/**
 * A real `ws` client for tests: collects the server's events in order, lets a test wait for
 * the next one of a type, and records how and when the socket closed.
 */
export class WsTestClient {
  readonly events: ReceivedEvent[] = [];
  readonly closed: Promise<Closed>;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.events.push(JSON.parse(String(data)) as ReceivedEvent);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString(), at: performance.now() });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  /** Opens a socket; resolves once open, rejects with the HTTP status if the upgrade failed. */
  static async connect(url: string, options: ConnectOptions = {}): Promise<WsTestClient> {
    const protocols = options.protocols ?? [
      'tidings.v1',
      ...(options.token ? [`bearer.${options.token}`] : []),
    ];
    const clientOptions: ClientOptions = {
      ...(options.origin ? { origin: options.origin } : {}),
      ...(options.autoPong === false ? { autoPong: false } : {}),
      ...(options.maxPayload ? { maxPayload: options.maxPayload } : {}),
    };
    const socket = new WebSocket(url, protocols, clientOptions);
    const client = new WsTestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_request, response) => {
        reject(new UpgradeRefused(response.statusCode ?? 0));
        socket.terminate();
      });
      socket.once('error', reject);
    });
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next event of `type` not yet taken (events are taken in order). */
  async next(type?: string, timeoutMs = 5_000): Promise<ReceivedEvent> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const index = this.events.findIndex((e) => type === undefined || e.type === type);
      const [event] = index >= 0 ? this.events.splice(index, 1) : [];
      if (event) return event;
      if (this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`socket closed while waiting for ${type ?? 'an event'}`);
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no ${type ?? 'event'} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}
