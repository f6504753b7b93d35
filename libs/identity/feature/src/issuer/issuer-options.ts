import type { LockoutPolicy } from '@tidings/identity/data-access';

/** The first-party web client: public (no secret), PKCE required, consent implied. */
export const WEB_CLIENT_ID = 'tidings-web';

/** Where the host serves the issuer, whatever path PUBLIC_URL puts in front of it. */
export const ISSUER_LOCAL_PREFIX = '/oidc';

export interface IssuerOptions {
  /** `${PUBLIC_URL}/oidc` — the `iss` of every token. */
  issuer: string;
  /** PUBLIC_URL, without trailing slash: the web client's redirect URIs live under it. */
  publicUrl: string;
  /** `aud` of access tokens (OIDC_AUDIENCE). */
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  lockout: LockoutPolicy;
  /** Honour X-Forwarded-* (TRUST_PROXY), for cookies' `secure` flag and client addresses. */
  trustProxy: boolean;
  /** TIDINGS_ADMIN_USERNAME + TIDINGS_ADMIN_PASSWORD: an admin to create at boot if missing. */
  bootstrapAdmin?: { username: string; password: string };
}

/** The built-in issuer's identifier for a public base URL. */
export function builtInIssuerUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${ISSUER_LOCAL_PREFIX}`;
}

/**
 * Resource indicators (RFC 8707) must be absolute URIs; OIDC_AUDIENCE (`tidings-api`) is
 * usually not one. A client may name the API by its URL or, if the audience is a URI, by
 * the audience itself; with no `resource` at all, the API is the default.
 */
export function apiResourceIndicators(options: Pick<IssuerOptions, 'publicUrl' | 'audience'>): {
  primary: string;
  accepted: Set<string>;
} {
  const primary = `${options.publicUrl}/api`;
  const accepted = new Set([primary]);
  if (URL.canParse(options.audience)) accepted.add(options.audience);
  return { primary, accepted };
}
