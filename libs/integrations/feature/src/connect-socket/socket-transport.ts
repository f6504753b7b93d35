import { CARD_ACTION_TYPE } from '@tidings/integrations/domain';
import type {
  DeliveryAttempt,
  DeliveryTransport,
  TransportResult,
} from '../outgoing/delivery-transport';
import type { Clock } from '../outgoing/ports';
import type { BotConnection, BotConnections } from './bot-connection';
import { eventFrameText } from './frames';

/** The limits of socket delivery (docs/integrations-connect.md). */
export interface SocketDeliveryLimits {
  /** A delivery not acked this long after it was sent is a failed try (retried). */
  ackTimeoutMs: number;
  /** Deliveries in flight (sent, not acked) per bot, over all its sockets. */
  maxInFlightPerBot: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketDeliveryLimits = {
  ackTimeoutMs: 30_000,
  maxInFlightPerBot: 100,
};

/**
 * The errors socket tries are logged with. The prefixes are stable: a reconnect makes the
 * deliveries that failed with the first two due at once (ConnectSocketServer), not those a
 * connector refused itself.
 */
export const SocketTryError = {
  ackTimeout: 'connect.ack_timeout',
  connectionLost: 'connect.connection_lost',
  nack: 'connect.nack',
} as const;

/** A click a card-action delivery carries: which message, whose card. */
export interface CardActionRef {
  messageId: string;
  senderId: string;
}

interface InFlight {
  deliveryId: string;
  botId: string;
  connection: BotConnection;
  body: string;
  /** The delivery clock's time it was sent: the ack deadline counts from it. */
  sentAt: number;
  /** performance.now() at send: the try's latency is measured in real time, send → ack. */
  sentPerf: number;
  /** An ack is being handled (its card update awaited): the deadline no longer applies. */
  settling: boolean;
  resolve(result: TransportResult): void;
}

/** What became of an ack or nack frame, for the server's answer to the connector. */
export type SettleResult =
  { ok: true; entry: { body: string; botId: string } } | { ok: false; reason: 'not_in_flight' };

/**
 * `socket` mode's transport for the delivery dispatcher: a try is an `event` frame on one of
 * the subscription's bot's sockets, and it ends with the connector's `ack` (success), its
 * `nack`, the ack timeout, or the socket closing first (each a failed try, retried). A nack's
 * `retryAfterSeconds` goes back with the failed try and is recorded like an HTTP Retry-After
 * (in the delivery's next try time), not held here: it survives a restart, and a replay is
 * not held back by it. No socket or a full window is `unavailable`: not tried, nothing logged,
 * the delivery stays due — the dispatcher is woken when that changes.
 */
export class SocketDeliveryTransport implements DeliveryTransport {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly perBot = new Map<string, number>();
  /** Bots whose window was full when a delivery was due: woken for when room frees up. */
  private readonly starved = new Set<string>();
  /** When a bot last lost tries with a closing socket (performance.now()). */
  private readonly lostAt = new Map<string, number>();

  constructor(
    private readonly connections: BotConnections,
    private readonly limits: SocketDeliveryLimits,
    private readonly clock: Clock,
    /** Asks the dispatcher for a pass: room in a bot's window again. */
    private readonly wake: () => void,
  ) {}

  deliver(attempt: DeliveryAttempt): Promise<TransportResult> {
    const botId = attempt.subscription.botId;
    if (!botId || this.inFlight.has(attempt.deliveryId)) return unavailable();
    const connection = this.connections.pick(botId);
    if (!connection) return unavailable();
    if ((this.perBot.get(botId) ?? 0) >= this.limits.maxInFlightPerBot) {
      this.starved.add(botId);
      return unavailable();
    }
    return new Promise<TransportResult>((resolve) => {
      const entry: InFlight = {
        deliveryId: attempt.deliveryId,
        botId,
        connection,
        body: attempt.body,
        sentAt: this.clock.now(),
        sentPerf: performance.now(),
        settling: false,
        resolve,
      };
      this.inFlight.set(entry.deliveryId, entry);
      this.perBot.set(botId, (this.perBot.get(botId) ?? 0) + 1);
      connection.inFlight.add(entry.deliveryId);
      if (!connection.sendText(eventFrameText(attempt.deliveryId, attempt.attempt, attempt.body)))
        this.settle(entry, lost(entry));
    });
  }

  /**
   * The connector's ack: found and claimed (its deadline stops). Call `complete` with what
   * came with it once any card in it is handled, or `release` to leave it in flight.
   */
  claimAck(botId: string, deliveryId: string): SettleResult {
    const entry = this.inFlight.get(deliveryId);
    if (!entry || entry.botId !== botId || entry.settling)
      return { ok: false, reason: 'not_in_flight' };
    entry.settling = true;
    return { ok: true, entry: { body: entry.body, botId } };
  }

  /** The ack's try succeeded; `answer` (e.g. `{ card }`) is logged as its response body. */
  complete(deliveryId: string, answer: unknown, ackedAtPerf: number): void {
    const entry = this.inFlight.get(deliveryId);
    if (!entry) return;
    const body = answer === undefined ? null : JSON.stringify(answer);
    this.settle(entry, { kind: 'ack', body, latencyMs: latency(entry, ackedAtPerf) });
  }

  /** The ack could not be handled (our failure): back in flight, its deadline running again. */
  release(deliveryId: string): void {
    const entry = this.inFlight.get(deliveryId);
    if (entry) entry.settling = false;
  }

  /**
   * The connector refused the delivery: a failed try, its `retryAfterMs` handed back with it
   * (the attempt runner schedules the next try no sooner).
   */
  nack(botId: string, deliveryId: string, reason: string | undefined, retryAfterMs: number | null) {
    const entry = this.inFlight.get(deliveryId);
    if (!entry || entry.botId !== botId || entry.settling) return false;
    const why = reason ? `: ${reason}` : '';
    const after = retryAfterMs ? ` (retry after ${Math.round(retryAfterMs / 1000)} s)` : '';
    this.settle(entry, {
      kind: 'error',
      error: `${SocketTryError.nack}: the connector refused the delivery${why}${after}`,
      latencyMs: latency(entry, performance.now()),
      ...(retryAfterMs ? { retryAfterMs } : {}),
    });
    return true;
  }

  /** A socket closed: whatever it had in flight failed (retried when the bot reconnects). */
  connectionClosed(connection: BotConnection): void {
    const ids = [...connection.inFlight];
    for (const id of ids) {
      const entry = this.inFlight.get(id);
      if (entry) this.settle(entry, lost(entry));
    }
    if (connection.bot && ids.length > 0) this.noteLoss(connection.bot.botId);
  }

  /**
   * Whether this bot lost tries with a socket in the last `withinMs`: their failures may still
   * be being recorded when it reconnects, so a reconnect looks for them once more a moment later.
   */
  lostRecently(botId: string, withinMs: number): boolean {
    const at = this.lostAt.get(botId);
    return at !== undefined && performance.now() - at <= withinMs;
  }

  private noteLoss(botId: string): void {
    this.lostAt.set(botId, performance.now());
    // Bounded by the bots that ever connected; old entries go when the map grows.
    if (this.lostAt.size > 10_000) {
      const cutoff = performance.now() - 60_000;
      for (const [id, at] of this.lostAt) if (at < cutoff) this.lostAt.delete(id);
    }
  }

  /**
   * Fails the tries whose ack is overdue by the delivery clock. Called by a timer (and by
   * tests, after moving the clock).
   */
  expireOverdue(): number {
    const now = this.clock.now();
    let expired = 0;
    for (const entry of [...this.inFlight.values()]) {
      if (entry.settling || now - entry.sentAt < this.limits.ackTimeoutMs) continue;
      expired++;
      this.settle(entry, {
        kind: 'error',
        error: `${SocketTryError.ackTimeout}: no ack within ${seconds(this.limits.ackTimeoutMs)}`,
        latencyMs: latency(entry, performance.now()),
      });
    }
    return expired;
  }

  /** On shutdown: every try in flight ends as lost (the dispatcher records them). */
  failAll(): void {
    for (const entry of [...this.inFlight.values()]) this.settle(entry, lost(entry));
  }

  inFlightOf(botId: string): number {
    return this.perBot.get(botId) ?? 0;
  }

  private settle(entry: InFlight, result: TransportResult): void {
    if (this.inFlight.get(entry.deliveryId) !== entry) return;
    this.inFlight.delete(entry.deliveryId);
    entry.connection.inFlight.delete(entry.deliveryId);
    const left = (this.perBot.get(entry.botId) ?? 1) - 1;
    if (left > 0) this.perBot.set(entry.botId, left);
    else this.perBot.delete(entry.botId);
    entry.resolve(result);
    if (this.starved.delete(entry.botId)) this.wake();
  }
}

/**
 * The click a delivered body carries, when it is a card action on a card this bot sent — what
 * an ack's `card` may answer. Null for any other delivery.
 */
export function cardActionOf(body: string, botId: string): CardActionRef | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const { type, data } = (parsed ?? {}) as { type?: unknown; data?: Record<string, unknown> };
  if (type !== CARD_ACTION_TYPE || typeof data !== 'object' || data === null) return null;
  const { messageId, senderId } = data;
  if (typeof messageId !== 'string' || senderId !== botId) return null;
  return { messageId, senderId };
}

const unavailable = () => Promise.resolve<TransportResult>({ kind: 'unavailable' });

const latency = (entry: InFlight, atPerf: number) =>
  Math.max(0, Math.round(atPerf - entry.sentPerf));

const lost = (entry: InFlight): TransportResult => ({
  kind: 'error',
  error: `${SocketTryError.connectionLost}: the connection closed before the ack`,
  latencyMs: latency(entry, performance.now()),
});

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);
