import { renderMarkdown, type RenderOptions } from './markdown';
import { sanitizeMessageHtml } from './sanitize';

/** In this chunk too: the link preview finds its link with the renderer's parser. */
export { firstWebLink } from './markdown';

/**
 * Markdown → sanitised HTML, remembered per text: history re-renders on every change of the
 * message list, and parsing plus sanitising each message again would cost more than the
 * whole change. The memo is bounded (oldest entries go first), so a long session does not grow it.
 */
const MEMO_LIMIT = 2000;
const memo = new Map<string, string>();

export function renderMessageHtml(text: string, options: RenderOptions = {}): string {
  const key = `${options.me ?? ''}\u0000${options.newTabHint ?? ''}\u0000${text}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const html = sanitizeMessageHtml(renderMarkdown(text, options));
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(key, html);
  return html;
}
