/**
 * Close codes the gateway uses, and what a client should do on each (docs/realtime.md).
 * Application codes follow "4000 + the HTTP status with the same meaning" where one exists,
 * so a 4401 reads like a 401. The close *reason* carries a stable code (`auth.token_expired`)
 * for the detail; clients branch on the number first.
 */
export const CloseCode = {
  /** Normal closure (the client said goodbye). */
  normal: 1000,
  /** The server is shutting down: reconnect, possibly to another instance. */
  goingAway: 1001,
  /** A frame was larger than the limit (sent by the `ws` library itself). */
  tooBig: 1009,
  /** Something failed on our side (e.g. the database answered an error during sign-in). */
  internalError: 1011,
  /** The send buffer grew past its limit: the client does not read fast enough. */
  slowConsumer: 4008,
  /** Missing, invalid or expired token: get a fresh token, then reconnect. */
  unauthenticated: 4401,
  /** Signed in, but not allowed to use the gateway. Do not retry. */
  forbidden: 4403,
  /** No token arrived within the authentication timeout. */
  authTimeout: 4408,
  /** The user's sessions were revoked (deactivated, or "log out everywhere"): sign in again. */
  sessionRevoked: 4410,
  /** Too many frames: slow down before reconnecting. */
  rateLimited: 4429,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/** Stable close reasons the gateway itself sends (identity's `auth.*` codes pass through). */
export const CloseReason = {
  authRequired: 'auth.required',
  authTimeout: 'auth.timeout',
  sessionRevoked: 'auth.session_revoked',
  userDeactivated: 'auth.user_deactivated',
  forbidden: 'gateway.forbidden',
  rateLimited: 'gateway.rate_limited',
  slowConsumer: 'gateway.slow_consumer',
  shutdown: 'server.shutdown',
  internal: 'gateway.internal',
} as const;

/**
 * A WebSocket close reason may hold at most 123 bytes (RFC 6455 §5.5: a control frame's
 * payload is ≤ 125 bytes, two of which are the code). Longer reasons make `ws` throw.
 */
export function closeReason(text: string): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= 123) return text;
  // Cut on a character boundary: decoding a truncated multi-byte sequence would add U+FFFD.
  let cut = 123;
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return new TextDecoder().decode(bytes.subarray(0, cut));
}
