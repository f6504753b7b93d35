/**
 * How the gateway learns who is connecting. The gateway may not import identity (a service's
 * libs never import another service's), so it asks through this port; the host binds it to
 * identity's Authenticator — the same check every REST request passes, session version and
 * deactivation included.
 */
export const GATEWAY_AUTHENTICATOR = Symbol('tidings.gateway.Authenticator');

export interface GatewayPrincipal {
  kind: 'user' | 'bot';
  /** Tidings' id of the person or bot; `identity.session.revoked` names users by it. */
  userId: string;
  username: string;
  /**
   * The id the fan-out addresses this principal's events to — the one conversations list as
   * members (messaging's id for the person, which differs from `userId` when an external issuer
   * knows them by another id). Absent: `userId`.
   */
  recipientId?: string;
  /** What this principal may do: its roles' permissions, narrowed by its token's scopes. */
  permissions: ReadonlySet<string>;
  /**
   * When the credential stops working (epoch ms), for credentials the gateway must not outlive
   * (widget tokens): the socket is closed then with 4401 `auth.token_expired`. Absent: the
   * socket stays open until the session is revoked (JWTs are checked at sign-in only).
   */
  expiresAt?: number;
}

export interface GatewayAuthenticator {
  /**
   * Verifies a bearer token (without the `Bearer ` prefix). Refusals are `DomainError`s of
   * kind `unauthenticated` with a stable code (`auth.token_expired`, `auth.user_deactivated`,
   * …), which the gateway passes on as the close reason; anything else is our failure.
   */
  authenticate(token: string): Promise<GatewayPrincipal>;
}
