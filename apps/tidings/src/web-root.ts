import { existsSync } from 'node:fs';
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
    resolve(here, '../public'), // apps/tidings/public when run from source (tests)
  ];
  const placeholder = resolve(here, '../public');
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
 * SPA fallback: a reload or a deep link to a client route gets index.html, and the client's
 * router takes it from there. Anything else falls through to the host's 404 (problem+json).
 * Registered as a wildcard route, so the API's and the static files' own routes win.
 */
export function serveClientRoutes(fastify: FastifyInstance, webRoot: string): void {
  const hasIndex = existsSync(join(webRoot, 'index.html'));
  fastify.get('/*', (request, reply) => {
    const path = request.url.replace(/[?#].*$/, '');
    if (!hasIndex || !isClientRoute(path)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', webRoot);
  });
}
