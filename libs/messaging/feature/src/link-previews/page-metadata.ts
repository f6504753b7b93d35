import { Parser } from 'htmlparser2';

/** What a page says about itself, as a preview shows it. */
export interface PageMetadata {
  title: string | null;
  description: string | null;
  siteName: string | null;
  /** Absolute http(s) URL of the page's preview image, as the page named it (not proxied). */
  image: string | null;
}

/** Longest title / description / site name kept: a card shows a line or two of each. */
const MAX_TITLE = 300;
const MAX_DESCRIPTION = 500;
const MAX_SITE_NAME = 100;

/** The first bytes a `<meta charset>` must appear in (HTML's prescan looks at 1024). */
const CHARSET_PRESCAN_BYTES = 1024;

/**
 * The page's character set: the Content-Type header's, else a `<meta charset>` (or
 * http-equiv) near the top, else UTF-8 — a label TextDecoder knows, or UTF-8 when it does not.
 */
export function charsetOf(contentType: string | undefined, head: Uint8Array): string {
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  const prescan = Buffer.from(head.subarray(0, CHARSET_PRESCAN_BYTES)).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(prescan)?.[1];
  for (const label of [fromHeader, fromMeta]) {
    if (!label) continue;
    try {
      return new TextDecoder(label).encoding;
    } catch {
      // an unknown label: try the next source
    }
  }
  return 'utf-8';
}

/** Whitespace collapsed, trimmed, cut at `max` characters (code points); empty → null. */
function clean(value: string | undefined, max: number): string | null {
  const text = (value ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** An http(s) URL, resolved against the page's; anything else (data:, javascript:) → null. */
function webUrl(value: string | undefined, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Open Graph, Twitter card and plain HTML metadata of a page's `<head>`: og:* first (what
 * sites write for previews), then twitter:*, then `<title>` and `<meta name=description>`.
 * htmlparser2 decodes entities; the first value of each tag wins, as the Open Graph
 * protocol says for repeated properties. Reading stops at `</head>` or `<body>`.
 */
export function extractPageMetadata(html: string, pageUrl: string): PageMetadata {
  const meta = new Map<string, string>();
  let title = '';
  let inTitle = false;
  let titleDone = false;
  let done = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (done) return;
        if (name === 'body') {
          done = true;
          return;
        }
        if (name === 'title' && !titleDone) inTitle = true;
        if (name !== 'meta') return;
        const key = (attributes['property'] ?? attributes['name'] ?? '').trim().toLowerCase();
        const content = attributes['content'];
        if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
      },
      ontext(text) {
        if (inTitle && !done) title += text;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          titleDone = true;
        }
        if (name === 'head') done = true;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();

  const first = (...keys: string[]) => keys.map((k) => meta.get(k)).find((v) => v?.trim());
  return {
    title: clean(first('og:title', 'twitter:title') ?? title, MAX_TITLE),
    description: clean(
      first('og:description', 'twitter:description', 'description'),
      MAX_DESCRIPTION,
    ),
    siteName: clean(first('og:site_name', 'application-name'), MAX_SITE_NAME),
    image: webUrl(
      first(
        'og:image:secure_url',
        'og:image',
        'og:image:url',
        'twitter:image',
        'twitter:image:src',
      ),
      pageUrl,
    ),
  };
}

/** The bytes of an HTML page → its metadata, decoded with the page's own character set. */
export function pageMetadataOf(
  bytes: Uint8Array,
  contentType: string | undefined,
  pageUrl: string,
): PageMetadata {
  const html = new TextDecoder(charsetOf(contentType, bytes)).decode(bytes);
  return extractPageMetadata(html, pageUrl);
}
