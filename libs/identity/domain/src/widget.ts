import type { Permission } from './permissions';

/**
 * What a widget token may do (docs/widget.md): act as its one person for reading and writing
 * messages — never manage anything, never sign that person out, never mint more tokens.
 */
export const WIDGET_TOKEN_SCOPES: readonly Permission[] = [
  'self.read',
  'system.read',
  'directory.read',
  'messaging.read',
  'messaging.write',
];

/** Lifetime of a widget token, in seconds: short, because it sits in a browser frame. */
export const WIDGET_TOKEN_TTL = { min: 60, max: 3600, default: 600 } as const;

/** Longer than any real origin (a DNS name is at most 253 characters); fits the column. */
const MAX_ORIGIN_LENGTH = 300;

/**
 * One DNS label (letters, digits, hyphens inside, underscores for intranet names) or an IPv4
 * part. Deliberately narrow: the WHATWG URL parser accepts hosts like `*.example.com` or
 * `a;b.example.com`, and an origin ends up in a `frame-ancestors` header where `*` is a
 * wildcard and `;` starts another directive.
 */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/**
 * The origin a widget site is stored and compared by: `scheme://host[:port]`, lower-cased,
 * the scheme's default port dropped, an international domain name in its ASCII (punycode)
 * form — exactly what a browser sends as `Origin` and puts in `MessageEvent.origin`.
 * Undefined for anything else: another scheme, a path other than `/`, a query, a fragment,
 * user info, a wildcard or odd characters in the host.
 */
export function normalizeOrigin(input: string): string | undefined {
  const text = input.trim();
  if (text.length === 0 || text.length > MAX_ORIGIN_LENGTH) return undefined;
  // The parser would quietly drop tabs and newlines, turn `\` into `/`, and accept `https:x`;
  // an allowlist entry should be written the one plain way.
  const plain = /^https?:\/\/([^/\s\\?#@]+)\/?$/i.exec(text);
  if (!plain) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname;
  const hostOk = IPV6.test(host) || host.split('.').every((label) => LABEL.test(label));
  return hostOk ? url.origin : undefined;
}
