import type { GatewayLimits } from '@tidings/gateway/domain';

export const GATEWAY_OPTIONS = Symbol('tidings.gateway.Options');

/** The path clients connect to (DESIGN.md §5). */
export const GATEWAY_PATH = '/ws';

export interface GatewayOptions {
  limits: GatewayLimits;
  /** Origins a browser may connect from (cross-site WebSocket hijacking is refused). */
  allowedOrigins: string[];
  /**
   * The permission needed to open a connection at all. Bots' tokens are scoped to the
   * connector routes, so with a person's permission here they are refused (4403).
   */
  connectPermission: string;
  /**
   * Consumer group of the session-revocation consumer. Every gateway instance needs every
   * revocation (each holds different sockets), so in distributed mode each instance must use
   * its own group; the embedded host has one gateway and uses the default.
   */
  revocationGroup?: string;
}

export const DEFAULT_REVOCATION_GROUP = 'gateway.sessions';
