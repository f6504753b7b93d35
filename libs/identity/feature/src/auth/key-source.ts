import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';

/** Where the public keys that sign access tokens come from. */
export interface KeySource {
  readonly issuer: string;
  readonly getKey: JWTVerifyGetKey;
}

/** Unknown `kid` → fetch the key set again, but at most this often (a flood of forged kids must not hammer the issuer). */
export const DEFAULT_JWKS_COOLDOWN_MS = 30_000;

/**
 * An external issuer (Keycloak): its JWKS URL comes from OIDC discovery; jose's remote key set
 * caches the keys, refetches on an unknown `kid` (key rotation) and rate-limits refetches.
 */
export function remoteKeySource(
  issuer: string,
  cooldownMs = DEFAULT_JWKS_COOLDOWN_MS,
  fetchTimeoutMs = 5000,
): KeySource {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(fetchTimeoutMs),
    });
    if (!response.ok) throw new Error(`OIDC discovery at ${issuer} answered ${response.status}`);
    const metadata = (await response.json()) as { issuer?: string; jwks_uri?: string };
    if (metadata.issuer !== issuer) {
      throw new Error(`OIDC discovery names issuer ${metadata.issuer}, expected ${issuer}`);
    }
    if (!metadata.jwks_uri) throw new Error(`OIDC discovery at ${issuer} has no jwks_uri`);
    return createRemoteJWKSet(new URL(metadata.jwks_uri), {
      cooldownDuration: cooldownMs,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: fetchTimeoutMs,
    });
  };
  return {
    issuer,
    getKey: async (header, token) => {
      // A failed discovery is retried on the next request rather than cached for ever.
      keySet ??= discover().catch((error: unknown) => {
        keySet = undefined;
        throw error;
      });
      return (await keySet)(header, token);
    },
  };
}

/**
 * The built-in issuer in this same process: keys come straight from its key store, no HTTP
 * round trip to ourselves; an unknown `kid` reloads them (rotation), rate-limited alike.
 */
export function localKeySource(
  issuer: string,
  publicJwks: () => Promise<JSONWebKeySet>,
): KeySource {
  // Reading our own key table is cheap, so the cooldown is shorter than for a remote issuer.
  const cooldownMs = 5_000;
  let current: { getKey: JWTVerifyGetKey; loadedAt: number } | undefined;
  const load = async () => {
    current = { getKey: createLocalJWKSet(await publicJwks()), loadedAt: Date.now() };
    return current;
  };
  return {
    issuer,
    getKey: async (header, token) => {
      const keys = current ?? (await load());
      try {
        return await keys.getKey(header, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey && Date.now() - keys.loadedAt > cooldownMs) {
          return (await load()).getKey(header, token);
        }
        throw error;
      }
    },
  };
}
