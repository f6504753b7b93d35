/**
 * Search snippets: a window of a message's text around the first match, HTML-escaped, with
 * `<mark>` around every match of the search's words.
 *
 * Matches are found in the raw text and each piece is escaped on its own before the marks
 * go around it — so a message cannot inject markup (`<script>` comes out as `&lt;script&gt;`),
 * and a search for `a&b` still marks `a&b` (escaping first and searching the escaped text
 * would look for `a&amp;b`). Matching ignores case like the indexes do, one character at a
 * time, so positions in the lower-cased text always map back to the original.
 */

/** Characters of a snippet, not counting the ellipses. */
export const SNIPPET_MAX_CHARS = 200;
/** How much text comes before the first match when the window cannot start at the top. */
const LEAD_CHARS = 40;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

interface Span {
  /** In characters (code points) of the text: a snippet never splits an emoji. */
  from: number;
  to: number;
}

/**
 * Where `terms` occur in `text`, as sorted, merged spans of characters. Overlapping and
 * touching matches (`数据` and `据库` in `数据库`) become one span.
 */
export function matchSpans(text: string, terms: readonly string[]): Span[] {
  const chars = Array.from(text);
  // The lower-cased text, and where each character's lower case starts in it ('İ' lower-cases
  // to two code units: the map keeps positions honest).
  let folded = '';
  const startOf = new Map<number, number>();
  const endOf = new Map<number, number>();
  chars.forEach((c, i) => {
    startOf.set(folded.length, i);
    folded += c.toLowerCase();
    endOf.set(folded.length, i + 1);
  });
  const spans: Span[] = [];
  for (const term of terms) {
    const needle = term.toLowerCase();
    if (needle === '') continue;
    for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + 1)) {
      const from = startOf.get(at);
      const to = endOf.get(at + needle.length);
      if (from !== undefined && to !== undefined) spans.push({ from, to });
    }
  }
  spans.sort((a, b) => a.from - b.from || b.to - a.to);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * The snippet of `text` for a search for `terms`: safe to insert as HTML. White space runs
 * (line breaks too) show as one space: a snippet is one line of a result list.
 */
export function highlightSnippet(
  text: string,
  terms: readonly string[],
  maxChars = SNIPPET_MAX_CHARS,
): string {
  const chars = Array.from(text);
  const spans = matchSpans(text, terms);
  let start = 0;
  let end = chars.length;
  if (chars.length > maxChars) {
    start = Math.max(0, (spans[0]?.from ?? 0) - LEAD_CHARS);
    end = Math.min(chars.length, start + maxChars);
    start = Math.max(0, end - maxChars);
  }
  const piece = (from: number, to: number) =>
    escapeHtml(chars.slice(from, to).join('')).replace(/\s+/gu, ' ');
  let html = start > 0 ? '…' : '';
  let at = start;
  for (const span of spans) {
    const from = Math.max(span.from, start);
    const to = Math.min(span.to, end);
    if (from >= to) continue;
    html += `${piece(at, from)}<mark>${piece(from, to)}</mark>`;
    at = to;
  }
  html += piece(at, end);
  return end < chars.length ? `${html}…` : html;
}
