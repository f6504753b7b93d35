import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bot API tokens look like `tdg_<prefix>_<secret>`: `tdg_` tells them apart from JWTs (and
 * lets secret scanners recognise them), the 12-character prefix is public and identifies the
 * token, the secret is 256 random bits of which only the SHA-256 is stored.
 */
export const API_TOKEN_PREFIX = 'tdg_';

export interface NewApiTokenSecret {
  token: string;
  prefix: string;
  secretHash: string;
}

export function generateApiToken(): NewApiTokenSecret {
  const prefix = randomBytes(9).toString('base64url'); // 12 chars
  const secret = randomBytes(32).toString('base64url'); // 43 chars
  return {
    token: `${API_TOKEN_PREFIX}${prefix}_${secret}`,
    prefix,
    secretHash: hashSecret(secret),
  };
}

export function isApiToken(bearer: string): boolean {
  return bearer.startsWith(API_TOKEN_PREFIX);
}

export function parseApiToken(bearer: string): { prefix: string; secret: string } | undefined {
  const [, prefix, secret] = /^tdg_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(bearer) ?? [];
  return prefix && secret ? { prefix, secret } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
