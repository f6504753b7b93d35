import { escapeInline, escapePlain, link, mapOutsideCode, oneLine } from './markdown';
import type { WebhookMentions } from './types';

/**
 * Slack's mrkdwn → Tidings' markdown (and plain text): `*bold*`, `_italic_`, `~strike~`,
 * `<url|label>` links, `<!channel>`/`<!here>` → @all (recorded in `mentions`), `<@U123>` left
 * as text. Split from slack.ts, which reads the payload's structure.
 */

/** A Block Kit text object: mrkdwn unless `plain_text`. */
export interface TextObject {
  type?: string | undefined;
  text: string;
}

const ANGLE = /<([^<>\n]+)>/g;
const PLACEHOLDER = /\uE000(\d+)\uE000/g;
const BROADCAST = new Set(['channel', 'here', 'everyone']);

export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** One `<…>` token of Slack's markup as markdown (or plain text, when `plain`). */
function angleToken(inner: string, mentions: WebhookMentions, plain: boolean): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? null : decodeEntities(inner.slice(bar + 1));
  if (target.startsWith('!')) {
    const command = target.slice(1).split('^')[0] ?? '';
    if (BROADCAST.has(command)) {
      mentions.all = true;
      return '@all';
    }
    // `<!subteam^ID|@team>`, `<!date^…|fallback>`: the fallback text Slack would show.
    return label === null ? '' : plain ? label : escapeInline(label);
  }
  // A Slack user or channel id means nothing here: kept as text (`@U123`, `#general`).
  if (target.startsWith('@') || target.startsWith('#')) {
    const shown = `${target[0]}${label ?? target.slice(1)}`;
    return plain ? shown : escapeInline(shown);
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    const url = decodeEntities(target);
    if (plain) return label ?? url;
    return link(label === null ? '' : inlineMrkdwn(label), url);
  }
  const literal = `<${decodeEntities(inner)}>`;
  return plain ? literal : escapeInline(literal);
}

/**
 * Slack mrkdwn → Tidings markdown: `*bold*` → `**bold**`, `~strike~` → `~~strike~~`, `_it_`
 * as is, `<url|label>` → a link (web/mail only), `<!channel>`/`<!here>` → `@all` (recorded in
 * `mentions`), entities decoded and markdown punctuation Slack shows literally (`[`, `]`, `\`)
 * escaped. Code spans and blocks are left verbatim, as Slack does.
 */
export function mrkdwnToMarkdown(text: string, mentions: WebhookMentions): string {
  return mapOutsideCode(text.replace(/\uE000/g, ''), (prose) => {
    const tokens: string[] = [];
    let out = prose.replace(ANGLE, (_all, inner: string) => {
      tokens.push(angleToken(inner, mentions, false));
      return `\uE000${tokens.length - 1}\uE000`;
    });
    out = inlineMrkdwn(out);
    return out.replace(PLACEHOLDER, (_all, index: string) => tokens[Number(index)] ?? '');
  }).trim();
}

/**
 * Slack's inline formatting on text without `<…>` tokens: entities decoded, the brackets
 * Slack shows literally escaped, `*bold*` and `~strike~` doubled.
 */
function inlineMrkdwn(text: string): string {
  return (
    decodeEntities(text)
      .replace(/[\\[\]]/g, '\\$&')
      // A single `*` pair is Slack's bold; `**x**` (Grafana's templates write it) already is.
      .replace(/(?<![*\w\\])\*(?![\s*])([^*\n]*?[^*\s\\])\*(?![*\w])/g, '**$1**')
      .replace(/(?<![~\w\\])~(?![\s~])([^~\n]*?[^~\s\\])~(?![~\w])/g, '~~$1~~')
  );
}

/** mrkdwn as plain text (card titles, labels): links become their labels, markup stays. */
export function mrkdwnToPlain(text: string, mentions: WebhookMentions): string {
  return oneLine(
    decodeEntities(text.replace(ANGLE, (_all, inner: string) => angleToken(inner, mentions, true))),
  );
}

export function textObjectToMarkdown(object: TextObject, mentions: WebhookMentions): string {
  return object.type === 'plain_text'
    ? escapePlain(object.text).trim()
    : mrkdwnToMarkdown(object.text, mentions);
}

export function textObjectToPlain(object: TextObject, mentions: WebhookMentions): string {
  return object.type === 'plain_text' ? oneLine(object.text) : mrkdwnToPlain(object.text, mentions);
}
