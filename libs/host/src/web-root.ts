import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// @fastify/static (registered by Nest's useStaticAssets) adds `reply.sendFile`; this brings its types.
import type {} from '@fastify/static';
import { normalizeOrigin } from '@tidings/identity/domain';
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
  /**
   * The normalized origins of the widget sites (identity's WidgetSites, cached there): the
   * only pages that may frame `/widget` and `/widget/callback` (docs/widget.md, Security).
   * Unset → none, so the frame page answers 403 everywhere.
   */
  widgetOrigins?: () => Promise<string[]>;
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
  frameAncestors: readonly string[] = [],
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
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}

/**
 * Headers on every response of the web client (its page and its files). A page that widget
 * sites may frame goes without `x-frame-options`: it cannot name an origin, and DENY would
 * make browsers that honour it over `frame-ancestors` refuse the frame.
 */
function securityHeaders(csp: string, framable = false): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    ...(framable ? {} : { 'x-frame-options': 'DENY' }), // for browsers older than frame-ancestors
    'referrer-policy': 'same-origin',
  };
}

/** Whether a path is the web client's: its routes and its files, not the host's own paths. */
function isWebClientPath(path: string): boolean {
  return !SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** The embeddable widget's paths (docs/widget.md). */
export const WIDGET_FRAME_PATH = '/widget';
export const WIDGET_CALLBACK_PATH = '/widget/callback';
export const WIDGET_LOADER_PATH = '/widget/loader.js';

/** Who may frame a widget page; `refused`: `/widget` for an origin that is no widget site. */
export type WidgetFraming = { refused: true } | { refused: false; frameAncestors: string[] };

/**
 * The framing rule of the widget's pages (docs/widget.md, Security), for paths for which
 * `isWidgetFramed` holds:
 *  - `/widget?origin=X`: X alone, when X is a widget site — so a page that lies about its
 *    origin still cannot frame it; otherwise refused (no app at all);
 *  - `/widget/callback` (where the issuer sends the frame back after silent sign-in): any
 *    widget site, since the issuer's redirect no longer says which one.
 * Origins compare as identity stores widget sites (`normalizeOrigin`: also what keeps a
 * `;` or `*` out of the header); an entry of `allowed` that is not normalized is dropped
 * rather than trusted.
 */
export function widgetFraming(
  path: string,
  originParams: readonly string[],
  allowed: readonly string[],
): WidgetFraming {
  const sites = allowed.filter((origin) => normalizeOrigin(origin) === origin);
  if (path === WIDGET_CALLBACK_PATH) return { refused: false, frameAncestors: sites };
  const [param] = originParams;
  const origin = originParams.length === 1 && param ? normalizeOrigin(param) : undefined;
  if (origin === undefined || !sites.includes(origin)) return { refused: true };
  return { refused: false, frameAncestors: [origin] };
}

/** Whether a page path is one of the widget's framed pages (`/widget/signin` is a popup). */
export function isWidgetFramed(path: string): boolean {
  return path === WIDGET_FRAME_PATH || path === WIDGET_CALLBACK_PATH;
}

/**
 * What `/widget` answers an origin that is no widget site: a few words, no app, no script,
 * no style, framable by nobody.
 */
export const REFUSED_WIDGET_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tidings</title></head>' +
  '<body><p>This site may not embed Tidings chat.</p></body></html>';
export const REFUSED_WIDGET_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Serves the web client's page and guards it:
 *  - `/`, `/index.html` and every client route (a reload or a deep link, e.g. `/c/…`) get
 *    index.html with a fresh CSP nonce, and the client's router takes it from there;
 *  - the widget's frame pages get it too, framable only by widget sites (`widgetFraming`),
 *    or a 403 page;
 *  - the client's files (served by @fastify/static) get the same policy without a nonce, and
 *    the widget's loader what a script embedded by other sites needs;
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
  const widgetOrigins = security.widgetOrigins ?? (async () => []);

  fastify.addHook('onRequest', async (request, reply) => {
    if (!hasIndex || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    const path = request.url.replace(/[?#].*$/, '');
    if (!isClientRoute(path) && path !== '/index.html') return;
    let frameAncestors: string[] = [];
    if (isWidgetFramed(path)) {
      const query = new URLSearchParams(/\?([^#]*)/.exec(request.url)?.[1] ?? '');
      const framing = widgetFraming(path, query.getAll('origin'), await widgetOrigins());
      if (framing.refused) {
        return reply
          .code(403)
          .headers(securityHeaders(REFUSED_WIDGET_CSP))
          .header('cache-control', 'no-store')
          .type('text/html; charset=utf-8')
          .send(REFUSED_WIDGET_PAGE);
      }
      frameAncestors = framing.frameAncestors;
    }
    const nonce = randomBytes(16).toString('base64');
    // Read on every request: `node scripts/build/web.mjs` replaces it under a running host.
    const page = withNonce(await readFile(indexFile, 'utf8'), nonce);
    const csp = contentSecurityPolicy(nonce, security, frameAncestors);
    return reply
      .headers(securityHeaders(csp, frameAncestors.length > 0))
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(page);
  });

  fastify.addHook('onSend', async (request, reply) => {
    const path = request.url.replace(/[?#].*$/, '');
    if (!isWebClientPath(path) || reply.hasHeader('content-security-policy')) return;
    if (reply.statusCode >= 400) return; // the host's problem+json 404s stay as they are
    void reply.headers(securityHeaders(staticCsp));
    if (path === WIDGET_LOADER_PATH) {
      // Other sites' pages load it (and may require CORP of what they embed); a short cache
      // lets a new build reach every page within minutes.
      void reply.headers({
        'cross-origin-resource-policy': 'cross-origin',
        'cache-control': 'public, max-age=300',
      });
    }
  });
}
