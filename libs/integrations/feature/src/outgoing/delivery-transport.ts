import { Injectable } from '@nestjs/common';

/** One try of a delivery, signed, as a transport sends it. */
export interface DeliveryAttempt {
  /** The stable `webhook-id` (`msg_…`). */
  deliveryId: string;
  /** 1 for the first try. */
  attempt: number;
  subscription: {
    id: string;
    mode: string;
    url: string | null;
    botId: string | null;
    webhookId: string | null;
  };
  /** webhook-id, webhook-timestamp, webhook-signature, content-type. */
  headers: Record<string, string>;
  /** The delivered body (JSON), the same bytes on every try. */
  body: string;
  timeoutMs: number;
}

/** What a try came to. */
export type TransportResult =
  /** An HTTP answer, whatever its status; `body` as text (at most 64 KB). */
  | {
      kind: 'response';
      statusCode: number;
      retryAfter: string | undefined;
      body: string;
      latencyMs: number;
    }
  /** The connector acknowledged it; `body`: what came with the ack (`{"card":…}`), or null. */
  | { kind: 'ack'; body: string | null; latencyMs: number }
  /**
   * No answer (timeout, connection refused, refused by the SSRF guard, no ack in time), or the
   * connector refused it (`nack`). `retryAfterMs`: the wait it asked for, recorded like an HTTP
   * Retry-After — in the delivery's next try time, so it holds across restarts and processes.
   */
  | { kind: 'error'; error: string; latencyMs: number; retryAfterMs?: number }
  /** Not tried at all (the bot's connector is not connected): the delivery stays pending. */
  | { kind: 'unavailable' };

/**
 * How deliveries of one mode reach their receivers: `http` (the SSRF-guarded client, always
 * registered) and `socket` (the `/connect` WebSocket, registered by that module). A try is
 * recorded in the delivery log whatever the transport; `unavailable` records nothing.
 */
export interface DeliveryTransport {
  deliver(attempt: DeliveryAttempt): Promise<TransportResult>;
}

/**
 * The transports by mode. A mode without a transport is not tried: its deliveries stay
 * pending until one registers (and calls DeliveryDispatcher.wake()).
 */
@Injectable()
export class DeliveryTransports {
  private readonly byMode = new Map<string, DeliveryTransport>();

  /** Registers the transport of a mode; answers a function that unregisters it. */
  register(mode: 'http' | 'socket', transport: DeliveryTransport): () => void {
    this.byMode.set(mode, transport);
    return () => {
      if (this.byMode.get(mode) === transport) this.byMode.delete(mode);
    };
  }

  get(mode: string): DeliveryTransport | undefined {
    return this.byMode.get(mode);
  }

  modes(): string[] {
    return [...this.byMode.keys()];
  }
}
