import markdownIt, { type MarkdownIt } from 'markdown-it';
import { mentionPlugin, type MentionOptions } from './mentions';

/**
 * Message markdown → HTML, before sanitising. Raw HTML is off, so `<script>` or
 * `<img onerror>` typed in a message comes out as escaped text; DOMPurify (sanitize.ts) is
 * the second wall, not the first.
 *
 * Chat, not documents: headings, rules, tables and images are off (`# 1` and `---` stay
 * text, `![x](url)` shows as "!" and a link — an image from any URL would tell its server who
 * read the message and when). Single newlines are line breaks, as people type them.
 */
const SAFE_LINK = /^(?:https?:|mailto:)/i;

export interface RenderOptions extends MentionOptions {
  /** Title on links, telling they open in a new tab (translated by the caller). */
  newTabHint?: string;
}

function createMarkdown(): MarkdownIt {
  const md = markdownIt('default', {
    html: false,
    linkify: true,
    breaks: true,
    typographer: false,
  });
  md.disable(['heading', 'lheading', 'hr', 'table', 'image']);
  // Only web and mail links. A refused destination (`javascript:`, `data:`, relative) makes
  // markdown-it leave the whole `[text](url)` as typed, so the reader sees what was sent.
  md.validateLink = (url) => SAFE_LINK.test(url.trim());
  md.use(mentionPlugin);

  // Links leave the app in a new tab, without the opener, the referrer or search-engine credit.
  md.renderer.rules['link_open'] = (tokens, index, options, env, self) => {
    const token = tokens[index];
    const hint = (env as RenderOptions | undefined)?.newTabHint;
    if (token) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer nofollow');
      if (hint) token.attrSet('title', hint);
    }
    return self.renderToken(tokens, index, options);
  };
  // `~~x~~` as <del> (markdown-it's default is <s>): one tag in the allowlist, the semantic one.
  md.renderer.rules['s_open'] = () => '<del>';
  md.renderer.rules['s_close'] = () => '</del>';
  // Code blocks carry no language class: there is no highlighter to use it, and the
  // sanitiser allows no class on <code> anyway.
  md.renderer.rules['fence'] = (tokens, index) =>
    `<pre><code>${md.utils.escapeHtml(tokens[index]?.content ?? '')}</code></pre>`;
  return md;
}

let instance: MarkdownIt | undefined;

/**
 * The message's markdown as (unsanitised) HTML. The newlines markdown-it puts between tags
 * are dropped, so the element's text is the message's text (tests and copy-paste see no
 * stray line breaks); inside code the content is escaped, so no `>` + newline + `<` is there.
 */
export function renderMarkdown(text: string, options: RenderOptions = {}): string {
  instance ??= createMarkdown();
  return instance
    .render(text, { ...options })
    .replace(/>\n</g, '><')
    .trimEnd();
}

/** Links a preview may be made of: web pages, not mail addresses. */
const WEB_LINK = /^https?:\/\//i;

/**
 * The first web link of a message, found by the same parser and rules that render it: a
 * `[text](url)`, an autolink or a bare address markdown-it links — never one inside code
 * (which renders no link), never a refused scheme. Null when there is none.
 */
export function firstWebLink(text: string): string | null {
  instance ??= createMarkdown();
  for (const block of instance.parse(text, {})) {
    for (const token of block.children ?? []) {
      if (token.type !== 'link_open') continue;
      const href = token.attrGet('href');
      if (typeof href === 'string' && WEB_LINK.test(href)) return href;
    }
  }
  return null;
}
