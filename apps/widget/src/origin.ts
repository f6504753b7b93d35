/**
 * Where Tidings is, seen from the host page. Pure: the loader passes in its script's URL.
 */

/**
 * The Tidings origin: the origin the loader script itself came from (`document.currentScript`
 * while it runs), so a page embeds whichever Tidings its `<script src>` names and the frame,
 * the messages' target and the accepted sender all follow from it. Null when there is no
 * http(s) URL to go by (e.g. the script was inlined).
 */
export function tidingsOriginOf(scriptSrc: string | null | undefined): string | null {
  if (!scriptSrc) return null;
  try {
    const url = new URL(scriptSrc);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * The frame's address: `/widget` on the Tidings origin, told the page's origin (the server
 * checks it against the widget sites and lets only that origin frame the page) and language.
 */
export function frameUrl(tidingsOrigin: string, pageOrigin: string, lang: string): string {
  return `${tidingsOrigin}/widget?origin=${encodeURIComponent(pageOrigin)}&lang=${encodeURIComponent(lang)}`;
}
