import { DEFAULT_CONNECT_SOCKET_OPTIONS } from '@tidings/integrations/feature';
import { env } from '@tidings/platform/config';

/**
 * `/connect`, the outbound-only connector's WebSocket (docs/integrations-connect.md).
 * Its heartbeat is the gateway's (WS_HEARTBEAT_INTERVAL_MS).
 */
export const connectSocketConfigShape = {
  /** A delivery sent over a socket and not acked this long after is a failed try, retried. */
  CONNECT_ACK_TIMEOUT_MS: env.positiveInt(DEFAULT_CONNECT_SOCKET_OPTIONS.ackTimeoutMs),
  /** Deliveries in flight (sent, not yet acked) per bot, over all its sockets. */
  CONNECT_MAX_IN_FLIGHT: env.positiveInt(DEFAULT_CONNECT_SOCKET_OPTIONS.maxInFlightPerBot),
  /** A socket that has not signed in this long after connecting is closed (4408). */
  CONNECT_AUTH_TIMEOUT_MS: env.positiveInt(DEFAULT_CONNECT_SOCKET_OPTIONS.authTimeoutMs),
};
