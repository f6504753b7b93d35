import { standardSignature } from '../signatures';

/** The headers an outgoing delivery carries (Standard Webhooks). */
export interface DeliveryHeaders {
  'content-type': 'application/json';
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Signs one try of a delivery: HMAC-SHA256 over `id.timestamp.body` with each secret — the
 * current one, and during a rotation the previous one too, space-separated (`v1,… v1,…`), so a
 * receiver still holding the old secret keeps verifying (the spec verifies with the
 * `standardwebhooks` reference package, as receivers do). `webhook-id` stays the same across tries;
 * the timestamp is the try's own (receivers refuse ones more than 5 minutes off).
 */
export function signDelivery(
  id: string,
  at: Date,
  body: string,
  secrets: readonly string[],
): DeliveryHeaders {
  const seconds = Math.floor(at.getTime() / 1000);
  const signatures = secrets.map((secret) => `v1,${standardSignature(secret, id, seconds, body)}`);
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signatures.join(' '),
  };
}
