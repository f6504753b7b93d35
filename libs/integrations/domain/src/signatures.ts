import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Standard Webhooks' and DingTalk's window: a request older or newer than this is refused. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60 * 1000;

/** Why a request failed authentication, and which request field is at fault. */
export interface AuthFailure {
  reason: 'unauthenticated' | 'signature_invalid' | 'timestamp_out_of_tolerance';
  field: string;
  message: string;
}

export type AuthResult = { ok: true } | ({ ok: false } & AuthFailure);

const fail = (reason: AuthFailure['reason'], field: string, message: string): AuthResult => ({
  ok: false,
  reason,
  field,
  message,
});

/** Constant-time comparison of two strings (different lengths differ, without leaking where). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

/** How the URL-mode token is stored: only its hash — the server never needs it back. */
export function hashToken(token: string): string {
  return createHash('sha256').update(`tidings webhook token\u0000${token}`).digest('hex');
}

/** A fresh secret for a mode: `whsec_…` (Standard Webhooks' format) or a random token. */
export function newSecret(mode: 'url' | 'standard' | 'dingtalk'): string {
  const bytes = randomBytes(32);
  if (mode === 'standard') return `whsec_${bytes.toString('base64')}`;
  if (mode === 'dingtalk') return `SEC${bytes.toString('hex')}`;
  return bytes.toString('base64url');
}

/** URL mode: the `token` query parameter must be one of the stored hashes. */
export function checkUrlToken(token: string | undefined, hashes: readonly string[]): AuthResult {
  if (!token) return fail('unauthenticated', 'token', 'The token query parameter is missing.');
  const hashed = hashToken(token);
  // Every hash is compared, so timing tells nothing about which one (if any) matched.
  const matches = hashes.map((h) => sameSecret(h, hashed));
  return matches.includes(true)
    ? { ok: true }
    : fail('unauthenticated', 'token', 'The token does not match this webhook.');
}

/**
 * Standard Webhooks' v1 signature: base64 HMAC-SHA256 of `id.timestamp.body` under the key a
 * `whsec_` secret carries in base64. Node's crypto, not the reference package's pure-JS SHA-256
 * (which cost more than all the other checks of a request together); the specs check the two
 * agree — receivers verify with the reference package. The body is signed as the bytes sent.
 */
export function standardSignature(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: Buffer | string,
): string {
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  return createHmac('sha256', key)
    .update(`${id}.${timestampSeconds}.`)
    .update(body)
    .digest('base64');
}

export interface StandardHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

/**
 * Standard Webhooks (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `webhook-id.webhook-timestamp.body` with each valid secret (two during a rotation), any of
 * the space-separated `v1,…` signatures may match. The timestamp is checked here against
 * `now` (so tests control the clock and the answer says which header is wrong).
 */
export function checkStandardSignature(
  headers: StandardHeaders,
  body: Buffer,
  secrets: readonly string[],
  now: number,
): AuthResult {
  for (const [field, value] of [
    ['webhook-id', headers.id],
    ['webhook-timestamp', headers.timestamp],
    ['webhook-signature', headers.signature],
  ] as const) {
    if (!value) return fail('unauthenticated', field, `The ${field} header is missing.`);
  }
  const seconds = /^\d{1,12}$/.test(headers.timestamp ?? '') ? Number(headers.timestamp) : NaN;
  if (Number.isNaN(seconds))
    return fail(
      'timestamp_out_of_tolerance',
      'webhook-timestamp',
      'webhook-timestamp must be Unix seconds.',
    );
  if (Math.abs(now - seconds * 1000) > SIGNATURE_TOLERANCE_MS)
    return fail(
      'timestamp_out_of_tolerance',
      'webhook-timestamp',
      'webhook-timestamp is more than 5 minutes away from the server clock.',
    );
  const given = (headers.signature ?? '')
    .split(' ')
    .filter((s) => s.startsWith('v1,'))
    .map((s) => s.slice(3));
  let matched = false;
  for (const secret of secrets) {
    const expected = standardSignature(secret, headers.id ?? '', seconds, body);
    for (const signature of given) if (sameSecret(signature, expected)) matched = true;
  }
  return matched
    ? { ok: true }
    : fail(
        'signature_invalid',
        'webhook-signature',
        'webhook-signature does not match the body with any secret of this webhook.',
      );
}

/** DingTalk's robot signature: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). */
export function dingTalkSign(secret: string, timestampMs: number | string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/**
 * DingTalk-style `timestamp` (ms) and `sign` query parameters, as DingTalk robots' senders
 * compute them — for drop-in compatibility. It signs the time only, not the body: a captured
 * request can be replayed within the window (docs/integrations.md says so).
 */
export function checkDingTalkSignature(
  query: { timestamp: string | undefined; sign: string | undefined },
  secrets: readonly string[],
  now: number,
): AuthResult {
  if (!query.timestamp)
    return fail('unauthenticated', 'timestamp', 'The timestamp query parameter is missing.');
  if (!query.sign) return fail('unauthenticated', 'sign', 'The sign query parameter is missing.');
  const ms = /^\d{1,15}$/.test(query.timestamp) ? Number(query.timestamp) : NaN;
  if (Number.isNaN(ms) || Math.abs(now - ms) > SIGNATURE_TOLERANCE_MS)
    return fail(
      'timestamp_out_of_tolerance',
      'timestamp',
      'timestamp (milliseconds) is more than 5 minutes away from the server clock.',
    );
  const matched = secrets
    .map((secret) => sameSecret(query.sign ?? '', dingTalkSign(secret, query.timestamp ?? '')))
    .includes(true);
  return matched
    ? { ok: true }
    : fail('signature_invalid', 'sign', 'sign does not match any secret of this webhook.');
}
