import type { Card } from '@tidings/contracts';
import { PayloadError, readWebhookBody } from '@tidings/integrations/domain';
import { DomainError } from '@tidings/platform/errors';
import { z } from 'zod';

/** Slack SDKs send `blocks` / `attachments` as arrays, some older ones as a JSON string. */
const jsonList = (max: number) =>
  z.union([z.array(z.unknown()).max(max), z.string().max(200_000)]).optional();

/**
 * What `POST /connect/chat.postMessage` reads of Slack's arguments. Unknown ones are ignored,
 * as Slack ignores what it does not know — and `username`, `icon_url`, `icon_emoji`, `as_user`
 * on purpose: a bot always posts under its own name, never as someone else.
 */
export const chatPostMessageBody = z
  .object({
    /** A conversation id, or a channel's name (`#` optional). */
    channel: z.string().trim().min(1).max(200),
    text: z.string().max(100_000).optional(),
    mrkdwn: z.boolean().optional(),
    blocks: jsonList(50),
    attachments: jsonList(100),
    /** The `ts` of a message this answers: a Tidings message id (a thread's root). */
    thread_ts: z.string().trim().min(1).max(64).optional(),
  })
  .loose();
export type ChatPostMessageBody = z.output<typeof chatPostMessageBody>;

/** The body made a message: Tidings markdown, the card the blocks or attachments made. */
export interface SlackMessage {
  channel: string;
  text: string;
  card: Card | null;
  threadRootId: string | null;
}

/**
 * Slack's message arguments → a Tidings message, through the same Slack dialect incoming
 * webhooks use (mrkdwn → markdown, Block Kit and attachments → a card, `@` neutralised: a
 * Slack-formatted text from another system never pings people by accident). A part that does
 * not parse is refused naming it (`body.blocks[0].text`).
 */
export function slackMessageOf(body: ChatPostMessageBody): SlackMessage {
  const payload: Record<string, unknown> = {};
  if (body.text !== undefined) payload['text'] = body.text;
  if (body.mrkdwn !== undefined) payload['mrkdwn'] = body.mrkdwn;
  for (const key of ['blocks', 'attachments'] as const) {
    const value = body[key];
    if (value !== undefined) payload[key] = typeof value === 'string' ? jsonOf(key, value) : value;
  }
  if (!['text', 'blocks', 'attachments'].some((key) => key in payload))
    throw new DomainError(
      'connect.message.empty',
      'unprocessable',
      'Send text, blocks or attachments.',
      { issues: [{ path: 'body.text', message: 'required without blocks or attachments' }] },
    );
  let parsed;
  try {
    parsed = readWebhookBody(JSON.stringify(payload), 'application/json');
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    throw new DomainError(
      'connect.message.invalid',
      error.kind === 'unprocessable' ? 'unprocessable' : 'invalid',
      error.message,
      { issues: [{ path: `body.${error.field}`, message: error.message }] },
    );
  }
  return {
    channel: body.channel,
    // As for incoming webhooks: a card-only message is summed up by the card's title, for
    // notifications, search and clients that do not render cards.
    text: parsed.text,
    card: (parsed.card as Card | undefined) ?? null,
    threadRootId: body.thread_ts ?? null,
  };
}

function jsonOf(field: string, raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new DomainError('connect.message.invalid', 'invalid', `${field} is not valid JSON.`, {
      issues: [{ path: `body.${field}`, message: 'not valid JSON' }],
    });
  }
}
