/** The WebSocket's URL: same origin, ws(s) by the page's scheme, resuming after `lastSeq`. */
export function socketUrl(pageUrl: string, lastSeq: number | null): string {
  const url = new URL('/ws', pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (lastSeq !== null) url.searchParams.set('lastSeq', String(lastSeq));
  return url.href;
}

/** The access token rides as a pseudo-subprotocol (browsers cannot set headers on a socket). */
export function socketProtocols(accessToken: string): string[] {
  return ['tidings.v1', `bearer.${accessToken}`];
}

/**
 * Reconnect delay: exponential from 500 ms to 30 s, with jitter so a restarted server is not
 * hit by every client in the same instant.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Close codes after which reconnecting with the same token is pointless (docs/realtime.md). */
export function needsNewToken(code: number): boolean {
  return code === 4401 || code === 4403;
}
