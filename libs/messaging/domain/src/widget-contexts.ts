import { NAME_MAX, normalizeName } from './conversation';

/** A context key's longest form, in characters (docs/widget.md, "Context conversations"). */
export const CONTEXT_KEY_MAX_CHARS = 200;
/** Most people a page may name as a context conversation's first members. */
export const CONTEXT_MEMBERS_MAX = 50;
/** Longest link to the business object we store. */
export const CONTEXT_LINK_MAX = 2048;

/**
 * Other (`\p{C}`: control, format, surrogates, private use, unassigned) and line or paragraph
 * separators: a key is shown and compared as one line of visible text, so an invisible
 * character would make two keys that look alike open two conversations.
 */
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/**
 * A page's key for its business object (`erp:order:SO-2026-00817`): 1–200 printable
 * characters, not only spaces. Compared exactly (case and spaces count): it is the page's
 * identifier, not a name.
 */
export function isContextKey(key: string): boolean {
  const length = [...key].length;
  return (
    length >= 1 && length <= CONTEXT_KEY_MAX_CHARS && !INVISIBLE.test(key) && key.trim() !== ''
  );
}

/** The channel's name when the page gave no title: the key, as a name, cut to NAME_MAX. */
export function defaultContextTitle(key: string): string {
  return [...normalizeName(key)].slice(0, NAME_MAX).join('');
}

/**
 * The link's form as stored, when it is an absolute http(s) URL on the site's origin;
 * undefined otherwise. `origin` is the site's normalized origin (scheme, lower-case host,
 * no default port), which is what URL.origin answers for the link.
 */
export function contextLinkOn(link: string, origin: string): string | undefined {
  if (link.length > CONTEXT_LINK_MAX) return undefined;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url.origin === origin ? url.href : undefined;
}
