import type { JSONWebKeySet } from 'jose';

/**
 * The built-in issuer's public signing keys, for the in-process token verifier (embedded
 * mode verifies against them directly instead of fetching its own JWKS over HTTP).
 */
export interface IssuerKeys {
  /** Public JWKs only (current and still-valid previous keys), each with its `kid`. */
  publicJwks(): Promise<JSONWebKeySet>;
}

export const ISSUER_KEYS = Symbol('tidings.identity.IssuerKeys');
