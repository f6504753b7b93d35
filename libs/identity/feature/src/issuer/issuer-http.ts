import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionPages } from './interactions';
import { ISSUER_LOCAL_PREFIX } from './issuer-options';

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/login)?\/?$/;

type RawRequest = IncomingMessage & { originalUrl?: string };

/**
 * Serves the built-in issuer under /oidc from the host's Fastify instance, beside Nest.
 * oidc-provider is a Koa application that reads its own request bodies, so requests are
 * taken over in `onRequest` — before Fastify parses a body — and handed to Koa with the
 * `/oidc` prefix stripped. `originalUrl` carries the issuer's public path, from which
 * oidc-provider derives the endpoint URLs it advertises (correct also when PUBLIC_URL has a
 * path a reverse proxy strips). Nest's guards and global prefix never see these requests.
 */
export function mountIssuer(
  fastify: FastifyInstance,
  provider: Provider,
  pages: InteractionPages,
  options: { externalMount: string; onError: (error: unknown) => void },
): void {
  const koa = provider.callback();
  fastify.addHook('onRequest', async (request, reply) => {
    const raw = request.raw as RawRequest;
    // Nest's middleware layer may have rewritten `url`; `originalUrl` keeps the full path.
    const url = raw.originalUrl ?? raw.url ?? '/';
    if (
      url !== ISSUER_LOCAL_PREFIX &&
      !url.startsWith(`${ISSUER_LOCAL_PREFIX}/`) &&
      !url.startsWith(`${ISSUER_LOCAL_PREFIX}?`)
    ) {
      return;
    }
    reply.hijack();
    // Hijacked replies skip Fastify's header hooks; keep the request id visible anyway.
    reply.raw.setHeader('x-request-id', request.id);
    const local = url.slice(ISSUER_LOCAL_PREFIX.length) || '/';
    try {
      const [, uid, login] = INTERACTION.exec(local.replace(/\?.*$/, '')) ?? [];
      if (uid) {
        raw.url = local;
        await pages.handle({
          raw,
          res: reply.raw,
          uid,
          step: login ? 'login' : 'show',
          ip: request.ip,
        });
        return;
      }
      raw.originalUrl = `${options.externalMount}${local}`;
      raw.url = local;
      await koa(raw, reply.raw);
    } catch (error) {
      options.onError(error);
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        reply.raw.end('internal error');
      } else {
        reply.raw.destroy();
      }
    }
  });
}
