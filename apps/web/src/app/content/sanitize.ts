import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';

/**
 * The second wall after markdown-it's escaping: whatever HTML reaches the page passes this
 * allowlist, so a bug or a trick in the markdown step still cannot run script or load
 * anything. Tags: text formatting, code, quotes, lists, links and mention chips — nothing
 * that loads (img, iframe, svg, object), nothing that styles (style, class except the chip's).
 */
const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'span',
];
const ALLOWED_ATTR = ['href', 'title', 'target', 'rel', 'start', 'class', 'data-mention'];
/** Web and mail links only; DOMPurify strips whitespace and control characters before testing. */
const ALLOWED_URI_REGEXP = /^(?:https?|mailto):/i;
/** Which element may carry which attribute (DOMPurify's allowlist is per attribute, not per tag). */
const ATTRIBUTES_OF: Record<string, ReadonlySet<string>> = {
  A: new Set(['href', 'title', 'target', 'rel']),
  OL: new Set(['start']),
  SPAN: new Set(['class', 'data-mention']),
};
const CHIP_CLASS = /^mention(?: mention-broadcast)?(?: mention-me)?$/;
const LINK_REL = 'noopener noreferrer nofollow';

let purifier: Purifier | undefined;

function createPurifier(): Purifier {
  // Its own instance: hooks added here do not change how anyone else's DOMPurify behaves.
  const instance = DOMPurify(window);
  instance.addHook('uponSanitizeAttribute', (node, data) => {
    const allowed = ATTRIBUTES_OF[node.nodeName]?.has(data.attrName) ?? false;
    if (!allowed || (data.attrName === 'class' && !CHIP_CLASS.test(data.attrValue)))
      data.keepAttr = false;
  });
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    // Whatever the markup said, a link opens in a new tab without the opener or referrer.
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', LINK_REL);
  });
  return instance;
}

/** Message HTML reduced to the allowlist. Needs a DOM (the browser); see markdown.ts for the rest. */
export function sanitizeMessageHtml(html: string): string {
  purifier ??= createPurifier();
  return purifier.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP,
    // Not URLs: without this DOMPurify tests their values against ALLOWED_URI_REGEXP too.
    ADD_URI_SAFE_ATTR: ['start', 'data-mention', 'target', 'rel'],
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    RETURN_TRUSTED_TYPE: false,
  });
}
