import type { Card } from './card';

export type WebhookDialect = 'slack' | 'dingtalk' | 'wecom' | 'native';

/**
 * Whom the sender asked to notify, from the payload's structured fields only — never from
 * the text, whose `@` marks are neutralised. The service resolves these against the
 * conversation (mobiles and vendor user ids through the directory) and decides what a
 * webhook may notify.
 */
export interface WebhookMentions {
  /** `<!channel>`/`<!here>`/`<!everyone>`, `isAtAll`, `@all` in WeCom's lists, native `all`. */
  all: boolean;
  /** Tidings usernames (native payloads only). */
  usernames: string[];
  /** Mobile numbers: DingTalk `atMobiles`, WeCom `mentioned_mobile_list`. */
  mobiles: string[];
  /** The vendor's user ids: DingTalk `atUserIds`, WeCom `mentioned_list` and `<@userid>`. */
  userIds: string[];
}

export interface ParsedWebhook {
  dialect: WebhookDialect;
  /**
   * The message's markdown as Tidings renders it (docs/web-content.md). Empty only when the
   * card carries everything (a DingTalk actionCard, a Slack attachment without text around
   * it): then `card.title` is the summary for notifications and search.
   */
  text: string;
  card: Card | null;
  mentions: WebhookMentions;
  /** The channel the sender named (Slack/native `channel`), as sent; null when none. */
  channel: string | null;
}

/**
 * The body as the endpoint hands it over:
 * - `application/json` (or any `+json`): the parsed JSON value;
 * - `application/x-www-form-urlencoded`: the parsed form, one entry per field name (a repeated
 *   field as an array) — or simply `new URLSearchParams(rawBody)`; Slack-style senders put the
 *   JSON in the `payload` field.
 */
export type WebhookForm = Readonly<Record<string, string | readonly string[] | undefined>>;

export function emptyMentions(): WebhookMentions {
  return { all: false, usernames: [], mobiles: [], userIds: [] };
}
