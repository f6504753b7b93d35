/** A port, or an inclusive range of ports, a host may be reached on. */
export type PortRule = number | { from: number; to: number };

/** How the server may reach other people's servers (link previews, outgoing webhooks). */
export interface EgressPolicy {
  /**
   * Host names and IP addresses (lower case, IPv6 without brackets) an admin allows although
   * they are private or loopback; on them any port goes. Matched against the host *named* in
   * the URL, never against what another name resolves to.
   */
  allowHosts: ReadonlySet<string>;
  /** Ports every other host may be reached on. */
  ports: readonly PortRule[];
  /** The whole exchange, redirects and body included. */
  timeoutMs: number;
  /** Redirects followed by `fetch` (GET); `send` follows none. */
  maxRedirects: number;
  userAgent: string;
}

/** Link previews: web pages and their pictures on the usual ports. */
export const DEFAULT_FETCH_POLICY: EgressPolicy = {
  allowHosts: new Set(),
  ports: [80, 443],
  timeoutMs: 5_000,
  maxRedirects: 3,
  userAgent: 'TidingsLinkPreview/1.0 (link previews for a team chat; +https://tidings.dev)',
};

/**
 * Outgoing webhooks: receivers often listen on a high port (8080, 3000, 9000), so those are
 * open beside 80/443 — but not the privileged ports below 1024 other than those two, where
 * SMTP, SSH and friends live (a webhook body is a poor SMTP session, but why allow it).
 */
export const DEFAULT_DELIVERY_POLICY: EgressPolicy = {
  allowHosts: new Set(),
  ports: [80, 443, { from: 1024, to: 65535 }],
  timeoutMs: 10_000,
  maxRedirects: 0,
  userAgent: 'Tidings-Webhooks/1.0 (+https://tidings.dev)',
};

/**
 * Why a request did not happen or failed. `refused`: the URL or address is one the guard does
 * not reach (private, loopback, link-local, a port not allowed, not http(s)); `unavailable`:
 * the other side failed (DNS, connection, timeout, status, size, type).
 */
export class EgressError extends Error {
  constructor(
    readonly reason: 'refused' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'EgressError';
  }
}

/** A URL's host as the allowlist and the agent compare it: lower case, no brackets or final dot. */
export function hostKeyOf(url: URL): string {
  return url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

export function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

export function portAllowed(port: number, rules: readonly PortRule[]): boolean {
  return rules.some((rule) =>
    typeof rule === 'number' ? rule === port : port >= rule.from && port <= rule.to,
  );
}

/** Whether the host named in the URL is on the admin's allowlist. */
export function isAllowlisted(url: URL, policy: Pick<EgressPolicy, 'allowHosts'>): boolean {
  return policy.allowHosts.has(hostKeyOf(url));
}

/**
 * What is checked before connecting. The address itself is checked when connecting, by
 * request-filtering-agent, after DNS — so a name resolving to 10.0.0.1, and numeric forms such
 * as http://2130706433/ or http://0x7f.1/ (which URL parsing turns into 127.0.0.1), are refused
 * there, with no gap between the check and the connection for DNS rebinding to use.
 */
export function checkTarget(url: URL, policy: EgressPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new EgressError('refused', `Only http and https URLs are reached (not ${url.protocol}).`);
  if (url.username || url.password)
    throw new EgressError('refused', 'URLs with a user name or password are refused.');
  const port = effectivePort(url);
  if (!isAllowlisted(url, policy) && !portAllowed(port, policy.ports))
    throw new EgressError('refused', `Port ${port} is not allowed.`);
}

/**
 * Normalises an admin's host list entry (`Wiki.Corp.example.`, `[fd00::1]`) the way
 * hostKeyOf normalises a URL's host, so the two compare.
 */
export function hostKeyOfEntry(entry: string): string {
  return entry
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}
