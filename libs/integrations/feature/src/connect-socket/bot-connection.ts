import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';

/** After our close frame, how long a peer may take to answer before its socket is cut. */
const CLOSE_GRACE_MS = 2_000;
const OPEN = 1; // WebSocket.OPEN; a type-only import keeps ws's runtime out of this file

/** Who a signed-in socket belongs to. */
export interface ConnectedBot {
  botId: string;
  username: string;
}

export type BotConnectionState = 'awaiting_auth' | 'ready' | 'closed';

/**
 * One connector socket: its sign-in state, the deliveries in flight on it, and the queue that
 * handles its frames one after another — an ack that updates a card awaits the database, and
 * the frames after it must not overtake it.
 */
export class BotConnection {
  readonly id = randomUUID();
  state: BotConnectionState = 'awaiting_auth';
  bot: ConnectedBot | undefined;
  /** Set by the heartbeat's ping, cleared by the pong; still set at the next beat: dead. */
  awaitingPong = false;
  /** Deliveries sent on this socket and not yet acked (ids). */
  readonly inFlight = new Set<string>();
  private work: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: WebSocket,
    private readonly onTaskError: (error: unknown) => void,
  ) {}

  get isOpen(): boolean {
    return this.state !== 'closed' && this.socket.readyState === OPEN;
  }

  get isReady(): boolean {
    return this.state === 'ready' && this.socket.readyState === OPEN;
  }

  /** Runs `task` after the tasks queued before it. */
  enqueue(task: () => Promise<void>): void {
    this.work = this.work.then(task).catch(this.onTaskError);
  }

  sendText(text: string): boolean {
    if (!this.isOpen) return false;
    this.socket.send(text);
    return true;
  }

  send(frame: { type: string } & Record<string, unknown>): boolean {
    return this.sendText(JSON.stringify(frame));
  }

  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    // A close reason holds at most 123 bytes; ours are short ASCII codes.
    this.socket.close(code, reason.slice(0, 123));
    // A peer that never answers the close handshake must not hold the socket for ws's 30 s.
    const cutOff = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
    cutOff.unref();
    this.socket.once('close', () => clearTimeout(cutOff));
  }

  /** The socket ended without our close (the connector closed it, or vanished). */
  markClosed(): void {
    this.state = 'closed';
  }
}

/**
 * The open sockets, and the signed-in ones by bot. A bot may hold several (a connector running
 * on two machines, or reconnecting before its old socket timed out): each delivery goes to one
 * of them — the one with the fewest deliveries in flight, so a stalled socket is not handed more.
 */
export class BotConnections {
  private readonly open = new Set<BotConnection>();
  private readonly byBot = new Map<string, Set<BotConnection>>();

  add(connection: BotConnection): void {
    this.open.add(connection);
  }

  /** Files a connection under its bot once it has signed in. */
  bind(connection: BotConnection): void {
    const botId = connection.bot?.botId;
    if (!botId) throw new Error('only a signed-in connection is bound to its bot');
    let set = this.byBot.get(botId);
    if (!set) this.byBot.set(botId, (set = new Set()));
    set.add(connection);
  }

  remove(connection: BotConnection): void {
    this.open.delete(connection);
    const botId = connection.bot?.botId;
    const set = botId === undefined ? undefined : this.byBot.get(botId);
    if (!set) return;
    set.delete(connection);
    if (set.size === 0) this.byBot.delete(botId as string);
  }

  /** The ready socket of this bot with the fewest deliveries in flight, if any. */
  pick(botId: string): BotConnection | undefined {
    let best: BotConnection | undefined;
    for (const connection of this.byBot.get(botId) ?? []) {
      if (!connection.isReady) continue;
      if (!best || connection.inFlight.size < best.inFlight.size) best = connection;
    }
    return best;
  }

  /** Every open socket, signed in or not. */
  all(): BotConnection[] {
    return [...this.open];
  }
}
