import { createHash } from 'node:crypto';

/** What a sender may use as an idempotency key: printable ASCII, at most this long. */
export const MAX_IDEMPOTENCY_KEY = 200;

export type KeyResult =
  { ok: true; key: string | null } | { ok: false; field: string; message: string };

/**
 * The request's idempotency key: `Idempotency-Key`, else Standard Webhooks' `webhook-id`
 * (which its senders keep across retries), else none — then every request is a new message.
 */
export function idempotencyKeyOf(headers: {
  idempotencyKey: string | undefined;
  webhookId: string | undefined;
}): KeyResult {
  for (const [field, value] of [
    ['Idempotency-Key', headers.idempotencyKey],
    ['webhook-id', headers.webhookId],
  ] as const) {
    if (value === undefined) continue;
    if (value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY || !/^[\x21-\x7e]+$/.test(value))
      return {
        ok: false,
        field,
        message: `${field} must be 1–${MAX_IDEMPOTENCY_KEY} printable ASCII characters.`,
      };
    return { ok: true, key: value };
  }
  return { ok: true, key: null };
}

/** A body's fingerprint: a replay must carry the same bytes as the original. */
export function bodyHash(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The original answer of a key, or a conflict when the key came back with another body. */
export type Replay =
  { kind: 'new' } | { kind: 'same'; messageId: string } | { kind: 'reused'; messageId: string };

export function replayOf(
  original: { messageId: string; bodyHash: string } | undefined,
  hash: string,
): Replay {
  if (!original) return { kind: 'new' };
  return original.bodyHash === hash
    ? { kind: 'same', messageId: original.messageId }
    : { kind: 'reused', messageId: original.messageId };
}
