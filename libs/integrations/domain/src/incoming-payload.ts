import type { ErrorKind } from '@tidings/platform/errors';
import { parseWebhookPayload, WebhookPayloadError, type WebhookDialect } from './dialects/index';

/**
 * The body of an incoming webhook → the message to post, through the payload dialects
 * (`./dialects`: Slack-compatible, DingTalk/WeCom robots, native Tidings). This is the HTTP
 * side of it: the raw bytes become what the dialects take (parsed JSON, or the form's fields),
 * and their refusals become the field and status the endpoint answers.
 */

/** One normalized message: markdown text, a card for dialects with one, the channel asked for. */
export interface NormalizedMessage {
  dialect: WebhookDialect;
  text: string;
  card?: unknown;
  /** The channel the payload names (Slack's `channel`), without `#`; null when none. */
  channel: string | null;
}

/** A body that is not a message; `field` names the part at fault. */
export class PayloadError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly kind: Extract<ErrorKind, 'invalid' | 'unprocessable' | 'unsupported_media_type'>,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}

const isJsonMedia = (media: string) =>
  media === '' || media === 'application/json' || media.endsWith('+json');

export function readWebhookBody(body: string, contentType: string): NormalizedMessage {
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  let value: unknown = body;
  if (media === 'application/x-www-form-urlencoded') value = new URLSearchParams(body);
  else if (isJsonMedia(media)) {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      throw new PayloadError('body', 'The body is not valid JSON.', 'invalid');
    }
  }
  try {
    const parsed = parseWebhookPayload(value, contentType);
    return {
      dialect: parsed.dialect,
      // A card-only message (a DingTalk actionCard) is summed up by its title: notifications,
      // search and clients that do not render cards yet show that.
      text: parsed.text !== '' ? parsed.text : (parsed.card?.title ?? ''),
      ...(parsed.card ? { card: parsed.card } : {}),
      channel: parsed.channel === null ? null : parsed.channel.trim().replace(/^#/, '') || null,
    };
  } catch (error) {
    if (!(error instanceof WebhookPayloadError)) throw error;
    const kind =
      error.path === 'Content-Type'
        ? 'unsupported_media_type'
        : error.code === 'webhook.payload.unsupported'
          ? 'unprocessable'
          : 'invalid';
    throw new PayloadError(error.path === '' ? 'body' : error.path, error.message, kind);
  }
}
