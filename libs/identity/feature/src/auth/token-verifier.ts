import { UnauthenticatedError } from '@tidings/platform/errors';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { KeySource } from './key-source';

export interface VerifiedAccessToken {
  issuer: string;
  subject: string;
  username: string | undefined;
  roles: string[];
  /** Issued-at, epoch seconds. */
  issuedAt: number;
  claims: JWTPayload;
}

export interface TokenVerifierOptions {
  audience: string;
  clockSkewSeconds: number;
  /** Verified tokens remembered until they expire (default 10,000; 0: none). */
  cacheSize?: number;
}

/** Asymmetric algorithms only: an `HS256`/`none` token can never pass as one of ours. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/**
 * The one verification path for every bearer JWT, whoever issued it: signature by a key of the
 * issuer's JWKS (by `kid`), `iss`, `aud`, `exp`/`nbf` with a small clock skew.
 */
export class TokenVerifier {
  /**
   * Tokens that passed, until their `exp`: a client sends the same token with every request
   * for its lifetime, and checking its signature again each time was a tenth of the host's CPU
   * under load. Only the signature and claims checks are remembered — whether the person is
   * still active or signed out everywhere is asked on every request (AuthGuard). Oldest first
   * out when full.
   */
  private readonly verified = new Map<string, VerifiedAccessToken>();

  constructor(
    private readonly keys: KeySource,
    private readonly options: TokenVerifierOptions,
  ) {}

  get issuer(): string {
    return this.keys.issuer;
  }

  async verify(token: string): Promise<VerifiedAccessToken> {
    const known = this.verified.get(token);
    if (known) {
      const expiresMs = ((known.claims.exp ?? 0) + this.options.clockSkewSeconds) * 1000;
      if (Date.now() < expiresMs) return known;
      this.verified.delete(token);
    }
    const result = await this.check(token);
    const capacity = this.options.cacheSize ?? 10_000;
    if (capacity > 0) {
      if (this.verified.size >= capacity) {
        const oldest = this.verified.keys().next();
        if (!oldest.done) this.verified.delete(oldest.value);
      }
      this.verified.set(token, result);
    }
    return result;
  }

  private async check(token: string): Promise<VerifiedAccessToken> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys.getKey, {
        issuer: this.keys.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockSkewSeconds,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      throw toAuthError(error);
    }
    const roles = Array.isArray(payload['roles'])
      ? payload['roles']
      : ((payload['realm_access'] as { roles?: unknown } | undefined)?.roles ?? []);
    return {
      issuer: this.keys.issuer,
      subject: payload.sub as string,
      username:
        typeof payload['preferred_username'] === 'string'
          ? payload['preferred_username']
          : undefined,
      roles: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [],
      issuedAt: payload.iat as number,
      claims: payload,
    };
  }
}

function toAuthError(error: unknown): UnauthenticatedError {
  if (error instanceof errors.JWTExpired)
    return new UnauthenticatedError('auth.token_expired', 'The access token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === 'aud')
      return new UnauthenticatedError(
        'auth.token_audience',
        'The access token is not meant for this API.',
      );
    if (claim === 'iss')
      return new UnauthenticatedError(
        'auth.token_issuer',
        'The access token comes from another issuer.',
      );
    return new UnauthenticatedError(
      'auth.token_invalid',
      `The access token's ${claim} claim is not acceptable.`,
    );
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey
  ) {
    return new UnauthenticatedError(
      'auth.token_signature',
      'The access token is not signed by a trusted key.',
    );
  }
  if (error instanceof errors.JOSEError) {
    return new UnauthenticatedError(
      'auth.token_invalid',
      'The access token is malformed or unacceptable.',
    );
  }
  // Discovery or JWKS unreachable: still a refusal, but the cause is kept for the logs.
  const refusal = new UnauthenticatedError(
    'auth.issuer_unavailable',
    'The token issuer could not be reached.',
  );
  Object.defineProperty(refusal, 'cause', { value: error });
  return refusal;
}
