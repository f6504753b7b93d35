/**
 * Text helpers shared by the dialects. Their output is Tidings message markdown
 * (docs/web-content.md): markdown-it with raw HTML off, headings/rules/tables/images left as
 * typed, web and mail links only, `@name` as a mention. A webhook is a machine, not a person:
 * its text must never carry live mention markup (whom it notifies is decided from the
 * structured `mentions` the parser returns), nor a link the reader cannot trust.
 */

// Fenced blocks and inline code spans, the same shapes the mention parsers skip
// (libs/messaging/domain/src/mentions.ts): their content is shown verbatim, so it is left alone.
const CODE =
  /(^|\n)( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\3[`~]*[ \t]*(?=\n|$)|$)|(`+)(?!`)[\s\S]*?(?<!`)\4(?!`)/g;

/** Applies `transform` to the prose between code spans and fenced blocks. */
export function mapOutsideCode(text: string, transform: (prose: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(CODE)) {
    // The fence pattern may have eaten the newline before it; that newline is prose.
    const lead = match[1] ?? '';
    const start = match.index + lead.length;
    out += transform(text.slice(last, start));
    out += text.slice(start, match.index + match[0].length);
    last = match.index + match[0].length;
  }
  return out + transform(text.slice(last));
}

// What the server and the client take for a mention (`@` not after a username character).
const MENTION_AT = /(?<![A-Za-z0-9._@-])@(?=[A-Za-z0-9])/g;
/** Invisible, and not a username character, so `@\u2060alice` reads as "@alice" but is no mention. */
const WORD_JOINER = '\u2060';

/** `@alice`, `@all` → shown as typed, notifying no one. Code is left verbatim (it never notifies). */
export function neutraliseMentions(markdown: string): string {
  return mapOutsideCode(markdown, (prose) => prose.replace(MENTION_AT, `@${WORD_JOINER}`));
}

const WEB_OR_MAIL = new Set(['http:', 'https:', 'mailto:']);

/**
 * A link destination the renderer will make a link of, normalised so it cannot break out of
 * `[label](url)` — or null for anything but http(s)/mailto (`javascript:`, `data:`, relative,
 * `dingtalk://` deep links other than the one that wraps a web address).
 */
export function safeUrl(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  // DingTalk's "open in the side panel / browser" wrapper: dingtalk://dingtalkclient/page/link?url=…
  if (url.protocol === 'dingtalk:' && url.hostname === 'dingtalkclient') {
    const inner = url.searchParams.get('url');
    return inner && !inner.toLowerCase().startsWith('dingtalk:') ? safeUrl(inner) : null;
  }
  if (!WEB_OR_MAIL.has(url.protocol)) return null;
  if (url.protocol === 'mailto:') return url.href.replace(/[()\s<>]/g, encodeURIComponent);
  // `@` in a path (`https://medium.com/@alice`) would read as a mention to the server's parser.
  const tail = `${url.pathname}${url.search}${url.hash}`.replace(/@/g, '%40');
  return `${url.protocol}//${url.host}${tail}`.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
}

/** `[label](url)` when the URL is safe; otherwise the label as text (what was sent, inert). */
export function link(labelMarkdown: string, rawUrl: string | null | undefined): string {
  const url = safeUrl(rawUrl);
  const label = labelMarkdown.trim();
  if (!url) return label !== '' ? label : escapePlain(rawUrl ?? '');
  return label === '' ? `<${url}>` : `[${label}](${url})`;
}

/**
 * Plain text shown as sent: markdown punctuation escaped (`\*`), and line starts that would
 * become quotes or lists escaped too. Newlines stay (a newline is a line break in Tidings).
 */
export function escapePlain(text: string): string {
  return escapeInline(text).replace(/^([ \t]*)([>#+-]|\d+(?=[.)]))/gm, '$1\\$2');
}

/** Plain text placed inside a line (a link label, a name): punctuation only. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_~[\]<]/g, '\\$&').replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/** Plain text for inline use (a card title, a field name): one line, trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// After any quote markers: DingTalk's own example puts `> ######` inside a quote.
const HEADING = /^((?:[ \t]*>)*[ \t]{0,3})#{1,6}[ \t]+(.+?)[ \t#]*$/gm;
// A destination may hold one level of parentheses (`javascript:alert(1)` must be seen whole).
const DESTINATION = String.raw`\(\s*((?:[^()\s]|\([^()\s]*\))+)(?:\s+"[^"\n]*")?\s*\)`;
const IMAGE = new RegExp(String.raw`!\[([^\]\n]*)\]` + DESTINATION, 'g');
const MD_LINK = new RegExp(String.raw`(?<!\\)\[([^\]\n]*)\]` + DESTINATION, 'g');
const FONT = /<\/?font\b[^>\n]*>/gi;
const BREAK = /<br\s*\/?>/gi;

/**
 * Markdown written for another chat (DingTalk, WeCom, a native sender) made Tidings-ready:
 * headings (shown as typed by Tidings) become bold lines, images become links (an image from
 * any URL would tell its server who read the message), WeCom's `<font color>` and `<br>`
 * become their text, and a link to anything but http(s)/mailto keeps only its label.
 */
export function sanitizeMarkdown(markdown: string): string {
  return mapOutsideCode(markdown, (prose) =>
    prose
      .replace(/\r\n?/g, '\n')
      .replace(FONT, '')
      .replace(BREAK, '\n')
      .replace(HEADING, (_all, quote: string, title: string) => `${quote}**${title}**`)
      .replace(IMAGE, (_all, alt: string, url: string) => link(alt.trim() || 'image', url))
      // Also re-checks the links the images became: safeUrl is idempotent on its own output.
      .replace(MD_LINK, (_all, label: string, url: string) => link(label, url)),
  ).trim();
}
