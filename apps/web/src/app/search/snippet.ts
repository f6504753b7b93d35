import DOMPurify from 'dompurify';

/**
 * A search hit's snippet as HTML safe to insert. The server escapes the message text and adds
 * only `<mark>` around matches (docs/messaging.md, Search); this keeps exactly that and drops
 * anything else, so a server bug or a proxy in between still cannot put markup on the page.
 */
export function safeSnippet(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [] });
}
