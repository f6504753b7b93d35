import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Opaque tokens look like `<marker><prefix>_<secret>`: the marker tells them apart from JWTs
 * (and lets secret scanners recognise them), the 12-character prefix is public and identifies
 * the token, the secret is 256 random bits of which only the SHA-256 is stored.
 *
 * - `tdg_`: bot API tokens (long-lived, docs/integrations-bots.md);
 * - `tdw_`: widget tokens (minutes, one person on one site, docs/widget.md).
 */
export const API_TOKEN_PREFIX = 'tdg_';
export const WIDGET_TOKEN_PREFIX = 'tdw_';

type Marker = typeof API_TOKEN_PREFIX | typeof WIDGET_TOKEN_PREFIX;

export interface NewApiTokenSecret {
  token: string;
  prefix: string;
  secretHash: string;
}

function generate(marker: Marker): NewApiTokenSecret {
  const prefix = randomBytes(9).toString('base64url'); // 12 chars
  const secret = randomBytes(32).toString('base64url'); // 43 chars
  return { token: `${marker}${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

const SHAPE = /^([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;

function parse(marker: Marker, bearer: string): { prefix: string; secret: string } | undefined {
  if (!bearer.startsWith(marker)) return undefined;
  const [, prefix, secret] = SHAPE.exec(bearer.slice(marker.length)) ?? [];
  return prefix && secret ? { prefix, secret } : undefined;
}

export function generateApiToken(): NewApiTokenSecret {
  return generate(API_TOKEN_PREFIX);
}

export function isApiToken(bearer: string): boolean {
  return bearer.startsWith(API_TOKEN_PREFIX);
}

export function parseApiToken(bearer: string): { prefix: string; secret: string } | undefined {
  return parse(API_TOKEN_PREFIX, bearer);
}

export function generateWidgetToken(): NewApiTokenSecret {
  return generate(WIDGET_TOKEN_PREFIX);
}

export function isWidgetToken(bearer: string): boolean {
  return bearer.startsWith(WIDGET_TOKEN_PREFIX);
}

export function parseWidgetToken(bearer: string): { prefix: string; secret: string } | undefined {
  return parse(WIDGET_TOKEN_PREFIX, bearer);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
