import { BEARER_PROTOCOL_PREFIX, PROTOCOL } from './frames';

/**
 * `https://Chat.Example.com:443/` → `https://chat.example.com`; anything that is not an
 * http(s) origin → undefined. Browsers send origins already normalised, but operators type
 * the allowlist by hand.
 */
export function normalizeOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return undefined;
  if (url.username || url.password) return undefined;
  return url.origin;
}

/**
 * Cross-site WebSocket hijacking: a page on another site can open a WebSocket to us, and
 * the browser sends no CORS preflight. What it cannot forge is `Origin`, so an upgrade that
 * carries one must name an allowed origin. A request without `Origin` comes from a non-browser
 * client (a script, a bot, a native app), which has no ambient credentials to abuse — it must
 * present a token like everyone — so it is allowed.
 */
export class OriginPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins.map((o) => normalizeOrigin(o) ?? o));
  }

  allows(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    // `null` (sandboxed frames, file:// pages) is never on the list: normalizeOrigin refuses it.
    const normalized = normalizeOrigin(origin);
    return normalized !== undefined && this.allowed.has(normalized);
  }

  get origins(): string[] {
    return [...this.allowed];
  }
}

export interface OfferedProtocols {
  /** Whether the client offered `tidings.v1` — the protocol we answer with. */
  speaksTidings: boolean;
  /** The token from a `bearer.<token>` entry, when the client sent one. */
  token: string | undefined;
}

/**
 * Reads `Sec-WebSocket-Protocol`. Browsers cannot set an Authorization header on a
 * WebSocket, so the token may ride as a pseudo-subprotocol `bearer.<token>` next to
 * `tidings.v1`; only `tidings.v1` is echoed back, so the token never appears in a response.
 */
export function readOfferedProtocols(header: string | string[] | undefined): OfferedProtocols {
  const values = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const bearer = values.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
  const token = bearer?.slice(BEARER_PROTOCOL_PREFIX.length);
  return { speaksTidings: values.includes(PROTOCOL), token: token || undefined };
}

/** The subprotocol to answer with: ours if offered, else none (the client then gives up). */
export function selectProtocol(offered: ReadonlySet<string>): string | false {
  return offered.has(PROTOCOL) ? PROTOCOL : false;
}
