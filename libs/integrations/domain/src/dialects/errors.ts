/** Stable codes the endpoint turns into problem+json `type`s; never reworded. */
export type WebhookPayloadErrorCode = 'webhook.payload.invalid' | 'webhook.payload.unsupported';

/**
 * A payload the dialects cannot turn into a message. `path` names the field at fault in the
 * body as sent (`attachments[0].fields[1].title`, `msgtype`); '' is the body itself, and
 * `Content-Type` the request header, so the sender is told exactly what to fix.
 */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';

  constructor(
    readonly code: WebhookPayloadErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export function invalid(path: string, message: string): WebhookPayloadError {
  return new WebhookPayloadError('webhook.payload.invalid', path, message);
}

export function unsupported(path: string, message: string): WebhookPayloadError {
  return new WebhookPayloadError('webhook.payload.unsupported', path, message);
}

/** A zod issue path (`['attachments', 0, 'title']`) as the dotted path the errors carry. */
export function formatPath(prefix: string, segments: readonly PropertyKey[]): string {
  let path = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path === '' ? String(segment) : `.${String(segment)}`;
  }
  return path;
}
