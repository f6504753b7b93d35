import { cardSchema, compactCard, type Card } from './card';
import { formatPath, invalid, unsupported } from './errors';
import { neutraliseMentions } from './markdown';
import { parseNative } from './native';
import { detectRobotDialect, parseRobot } from './robot';
import { parseSlack } from './slack';
import { emptyMentions, type ParsedWebhook, type WebhookDialect, type WebhookForm } from './types';

/**
 * An incoming webhook's body → the message to post. Pure: no I/O, no clock. The dialect is
 * told by the body's shape:
 * - `msgtype` → a DingTalk or WeCom robot body;
 * - `card`, or `format: "markdown"` → native Tidings;
 * - `text`, `attachments` or `blocks` → Slack-compatible (a bare `{ "text": … }` is read as
 *   Slack mrkdwn, so existing Slack senders work unchanged).
 * Throws WebhookPayloadError naming the field at fault.
 */
export function parseWebhookPayload(body: unknown, contentType: string): ParsedWebhook {
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  let value = body;
  if (media === 'application/x-www-form-urlencoded') {
    value = formPayload(body);
  } else if (media !== '' && media !== 'application/json' && !media.endsWith('+json')) {
    // No content type at all is read as JSON: some scripts send none.
    throw unsupported(
      'Content-Type',
      `send application/json (or a form with a JSON "payload" field), not ${media || 'no content type'}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('', 'the body must be a JSON object');
  }
  const object = value as Record<string, unknown>;
  const mentions = emptyMentions();
  let dialect: WebhookDialect;
  let result: { text: string; card: Card | null; channel?: string | null };
  if ('msgtype' in object) {
    dialect = detectRobotDialect(object);
    result = parseRobot(object, dialect, mentions);
  } else if ('card' in object || object['format'] === 'markdown') {
    dialect = 'native';
    result = parseNative(object, mentions);
  } else if ('text' in object || 'attachments' in object || 'blocks' in object) {
    dialect = 'slack';
    result = parseSlack(object, mentions);
  } else {
    throw unsupported(
      '',
      'not a known payload: expected text/attachments/blocks (Slack), msgtype (DingTalk, WeCom) or card (Tidings)',
    );
  }
  const card = result.card ? finishCard(result.card) : null;
  const text = neutraliseMentions(result.text);
  if (text === '' && !card) throw invalid('text', 'the message is empty');
  return { dialect, text, card, mentions, channel: result.channel ?? null };
}

/**
 * The form the endpoint parsed (a WebhookForm record, or the URLSearchParams of the raw body):
 * Slack's `payload=<json>`. `curl -d '{"text":"hi"}'` sends
 * JSON under the form content type, which parses as one field named by the JSON with no
 * value; that is taken as the JSON it obviously is.
 */
function formPayload(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) throw invalid('', 'the form could not be read');
  const form: WebhookForm = body instanceof URLSearchParams ? formOf(body) : (body as WebhookForm);
  let raw = form['payload'];
  if (raw === undefined) {
    const keys = Object.keys(form);
    const only = keys[0];
    if (keys.length === 1 && only?.trimStart().startsWith('{') && !form[only]) raw = only;
  }
  if (Array.isArray(raw)) throw invalid('payload', 'send one payload field');
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw invalid('payload', 'a form body needs a "payload" field holding the JSON');
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw invalid('payload', 'the payload field is not valid JSON');
  }
}

function formOf(params: URLSearchParams): WebhookForm {
  const form: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    form[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return form;
}

/** Every card, whichever dialect made it, leaves as the schema says, mentions neutralised. */
function finishCard(card: Card): Card {
  const neutral = compactCard({
    ...card,
    text: card.text ? neutraliseMentions(card.text) : undefined,
    fields: card.fields?.map((field) => ({ ...field, value: neutraliseMentions(field.value) })),
  });
  const checked = cardSchema.safeParse(neutral);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw invalid(formatPath('card', issue?.path ?? []), issue?.message ?? 'invalid card');
  }
  return compactCard(checked.data);
}
