import type { RateLimit } from '@tidings/integrations/domain';
import type { IntegrationsCards } from '../card-actions/ports';
import { DEFAULT_SOCKET_LIMITS, type SocketDeliveryLimits } from './socket-transport';

/** Who a token names, as `/connect` needs to know it. */
export interface ConnectPrincipal {
  kind: 'user' | 'bot';
  /** For a bot: its id — the `botId` its subscriptions name. */
  userId: string;
  username: string;
  /** What the token may do: its roles' permissions, narrowed to a bot token's scopes. */
  permissions: ReadonlySet<string>;
}

/**
 * Checks a connector's token exactly as a REST call's (signature or API-token hash, expiry,
 * revocation, deactivation). Throws a DomainError of kind `unauthenticated` for a bad token.
 * The host binds it to identity's Authenticator.
 */
export interface ConnectAuthenticator {
  authenticate(token: string): Promise<ConnectPrincipal>;
}

/** How an ack's card replaces the clicked card, as its sender (messaging, in process). */
export type ConnectCards = Pick<IntegrationsCards, 'updateAsSender'>;

export interface ConnectSocketOptions extends SocketDeliveryLimits {
  /** A socket without a valid token this long after the upgrade is closed (4408). */
  authTimeoutMs: number;
  /**
   * Pings this often; a peer that has not answered the previous ping is cut. Each beat also
   * checks the socket's token again, so a revoked token stops receiving within one interval.
   */
  heartbeatIntervalMs: number;
  /** Largest client frame, bytes (an ack with a card); larger ones close the socket (1009). */
  maxFrameBytes: number;
  /** Client frames per socket; beyond it the socket closes (4429). */
  rate: RateLimit;
}

export const DEFAULT_CONNECT_SOCKET_OPTIONS: ConnectSocketOptions = {
  ...DEFAULT_SOCKET_LIMITS,
  authTimeoutMs: 10_000,
  heartbeatIntervalMs: 30_000,
  maxFrameBytes: 256 * 1024,
  // An ack per delivery: a connector draining a backlog acks its window (100) at once.
  rate: { perSecond: 1000, burst: 2000 },
};

/** The permission a token needs here (bot tokens scoped for connectors). */
export const CONNECT_PERMISSION = 'connectors.use';

export const CONNECT_SOCKET_OPTIONS = Symbol('tidings.ConnectSocketOptions');
export const CONNECT_AUTHENTICATOR = Symbol('tidings.ConnectAuthenticator');
export const CONNECT_CARDS = Symbol('tidings.ConnectCards');
