import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @fastify/static (registered by Nest's useStaticAssets) adds `reply.sendFile`; this brings its types.
import type {} from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Where the web client lives: WEB_ROOT if set, else the Angular build in dist/, else the
 * placeholder page shipped with the host (copied next to the bundle by the build).
 */
export function resolveWebRoot(configured: string | undefined): string {
  if (configured) return resolve(configured);
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    resolve(here, '../web/browser'), // dist/apps/web/browser, next to the bundle's dist/apps/tidings
    resolve('dist/apps/web/browser'), // from the checkout's root, when run from source (tests)
    join(here, 'public'), // dist/apps/tidings/public
    resolve('apps/tidings/public'), // from the checkout's root, when run from source (tests)
  ];
  const placeholder = resolve('apps/tidings/public');
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? placeholder;
}

/** Paths the host serves itself; everything else without a file extension is the SPA's. */
const SERVER_PREFIXES = ['/api', '/oidc', '/ws', '/health', '/metrics', '/hooks'];

/** Whether a path is one of the web client's own routes (e.g. `/auth/callback`, `/c/…`). */
export function isClientRoute(path: string): boolean {
  if (SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)))
    return false;
  const lastSegment = path.slice(path.lastIndexOf('/') + 1);
  return !lastSegment.includes('.'); // a missing file stays a 404, not the app
}

/**
 * The placeholder apps/web/src/index.html carries on its root element (`ngCspNonce`); each
 * response replaces it with a fresh nonce, which Angular puts on the <style> elements it adds
 * for components — the only inline styles the client has.
 */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/**
 * The page with this response's nonce: in Angular's `ngCspNonce` placeholder, and on any plain
 * `<style>` of the page itself (the host's placeholder page, apps/tidings/public, has one).
 */
export function withNonce(page: string, nonce: string): string {
  return page
    .replaceAll(NONCE_PLACEHOLDER, nonce)
    .replaceAll('<style>', `<style nonce="${nonce}">`);
}

export interface WebClientSecurity {
  /**
   * An external OpenID Connect issuer (OIDC_ISSUER): the client fetches its discovery
   * document and token endpoint, so its origin joins `connect-src`. Unset → the built-in
   * issuer at /oidc, which is same-origin.
   */
  externalIssuer?: string;
}

/**
 * The web client's Content-Security-Policy. Scripts only from this origin — no inline script,
 * no eval (the build inlines nothing: see apps/web/project.json's `inlineCritical: false`),
 * so an injected `<script>` or `onerror=` cannot run even if it got past the sanitiser.
 * Styles from this origin plus Angular's component <style> elements, by nonce; inline
 * `style` attributes are blocked (Angular's `[style.x]` bindings use CSSOM, which CSP allows).
 * Images and media also from `data:`/`blob:` (previews of fetched files); no plugins, no
 * framing, no <base> hijack. `connect-src 'self'` covers `/ws` (CSP 3: 'self' matches ws/wss).
 */
export function contentSecurityPolicy(
  nonce: string | null,
  security: WebClientSecurity = {},
): string {
  const connect = ["'self'"];
  if (security.externalIssuer) connect.push(new URL(security.externalIssuer).origin);
  const styles = nonce ? `'self' 'nonce-${nonce}'` : "'self'";
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${styles}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response of the web client (its page and its files). */
function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY', // for browsers older than frame-ancestors
    'referrer-policy': 'same-origin',
  };
}

/** Whether a path is the web client's: its routes and its files, not the host's own paths. */
function isWebClientPath(path: string): boolean {
  return !SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Serves the web client's page and guards it:
 *  - `/`, `/index.html` and every client route (a reload or a deep link, e.g. `/c/…`) get
 *    index.html with a fresh CSP nonce, and the client's router takes it from there;
 *  - the client's files (served by @fastify/static) get the same policy without a nonce;
 *  - anything else falls through to the host's 404 (problem+json), and the host's own paths
 *    (/api, /oidc with its own policy, …) are left alone.
 * The page is answered in `onRequest`, before routing reaches @fastify/static's `/` route,
 * so every copy of it carries a nonce.
 */
export function serveClientRoutes(
  fastify: FastifyInstance,
  webRoot: string,
  security: WebClientSecurity = {},
): void {
  const indexFile = join(webRoot, 'index.html');
  const hasIndex = existsSync(indexFile);
  const staticCsp = contentSecurityPolicy(null, security);

  fastify.addHook('onRequest', async (request, reply) => {
    if (!hasIndex || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    const path = request.url.replace(/[?#].*$/, '');
    if (!isClientRoute(path) && path !== '/index.html') return;
    const nonce = randomBytes(16).toString('base64');
    // Read on every request: `node scripts/build/web.mjs` replaces it under a running host.
    const page = withNonce(await readFile(indexFile, 'utf8'), nonce);
    return reply
      .headers(securityHeaders(contentSecurityPolicy(nonce, security)))
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(page);
  });

  fastify.addHook('onSend', async (request, reply) => {
    const path = request.url.replace(/[?#].*$/, '');
    if (!isWebClientPath(path) || reply.hasHeader('content-security-policy')) return;
    if (reply.statusCode >= 400) return; // the host's problem+json 404s stay as they are
    void reply.headers(securityHeaders(staticCsp));
  });
}
