import type { MarkdownIt, StateCore, Token } from 'markdown-it';

/**
 * `@username` and the broadcasts as mention chips, found the way the server finds them
 * (libs/messaging/domain/src/mentions.ts): not after a username character (so
 * `bob@example.com` is an address), trailing punctuation not part of the name, never inside
 * code or a link. The chip's text and attribute go through markdown-it's escaping, so a
 * "name" can never become markup (`@<img …>` is not a mention at all: `<` ends a name).
 */
const MENTION = /(?<![A-Za-z0-9._@-])@([A-Za-z0-9][A-Za-z0-9._@-]*)/g;
export const BROADCASTS: ReadonlySet<string> = new Set(['all', 'channel', 'here', 'department']);

export interface MentionOptions {
  /** The signed-in person's username: their mentions (and broadcasts) are highlighted. */
  me?: string | null;
}

export function mentionPlugin(md: MarkdownIt): void {
  // After text_join, so a mention is never split across the text tokens the inline parser makes.
  md.core.ruler.after('text_join', 'mentions', (state) => splitMentions(state));
  md.renderer.rules['mention'] = (tokens, index, _options, env) => {
    const me = (env as MentionOptions | undefined)?.me;
    const name = tokens[index]?.content ?? '';
    const lower = name.toLowerCase();
    const broadcast = BROADCASTS.has(lower);
    const mine = broadcast || (!!me && me.toLowerCase() === lower);
    const classes = ['mention', broadcast ? 'mention-broadcast' : '', mine ? 'mention-me' : '']
      .filter(Boolean)
      .join(' ');
    const escaped = md.utils.escapeHtml(name);
    return `<span class="${classes}" data-mention="${escaped.toLowerCase()}">@${escaped}</span>`;
  };
}

function splitMentions(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const out: Token[] = [];
    let linkDepth = 0;
    for (const token of block.children) {
      if (token.type === 'link_open') linkDepth++;
      if (token.type === 'link_close') linkDepth--;
      if (token.type !== 'text' || linkDepth > 0 || !token.content.includes('@')) {
        out.push(token);
        continue;
      }
      out.push(...splitText(state, token));
    }
    block.children = out;
  }
}

function splitText(state: StateCore, token: Token): Token[] {
  const parts: Token[] = [];
  const text = token.content;
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    // Sentence punctuation is not part of a name: "thanks @alice." mentions alice.
    const name = (match[1] ?? '').replace(/[._@-]+$/, '');
    if (name === '') continue;
    const start = match.index;
    if (start > last) parts.push(textToken(state, text.slice(last, start), token.level));
    const mention = new state.Token('mention', '', 0);
    mention.content = name;
    mention.level = token.level;
    parts.push(mention);
    last = start + 1 + name.length;
  }
  if (parts.length === 0) return [token];
  if (last < text.length) parts.push(textToken(state, text.slice(last), token.level));
  return parts;
}

function textToken(state: StateCore, content: string, level: number): Token {
  const token = new state.Token('text', '', 0);
  token.content = content;
  token.level = level;
  return token;
}
