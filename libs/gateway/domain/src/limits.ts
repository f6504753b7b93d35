/** The per-connection limits (docs/realtime.md); apps take them from configuration. */
export interface GatewayLimits {
  /** A connection without a valid token this long after the upgrade is closed (4408). */
  authTimeoutMs: number;
  /** The server pings this often; a peer that has not answered the previous ping is dropped. */
  heartbeatIntervalMs: number;
  /** Largest client frame, bytes; larger ones close the connection with 1009. */
  maxFrameBytes: number;
  /** Bytes queued for a client that does not read; beyond it the connection closes (4008). */
  sendBufferLimitBytes: number;
  /** Client frames per second, sustained … */
  rateLimitPerSecond: number;
  /** … and in a burst; beyond that the connection closes (4429). */
  rateLimitBurst: number;
}

export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = {
  authTimeoutMs: 5_000,
  heartbeatIntervalMs: 30_000,
  maxFrameBytes: 65_536,
  sendBufferLimitBytes: 1_048_576,
  rateLimitPerSecond: 10,
  rateLimitBurst: 30,
};
