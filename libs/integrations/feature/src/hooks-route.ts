import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DomainError,
  PROBLEM_CONTENT_TYPE,
  problemFromDomainError,
} from '@tidings/platform/errors';
import { HookRefusal, IncomingWebhooks } from './incoming-webhooks';

interface RawReply {
  code(status: number): RawReply;
  header(name: string, value: string): RawReply;
  send(payload: unknown): unknown;
}

function sendProblem(reply: RawReply, error: DomainError, requestId: string, instance: string) {
  const problem = { ...problemFromDomainError(error), instance, requestId };
  if (error instanceof HookRefusal && error.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

const headerValue = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value.join(', ') : value;

/**
 * `POST /hooks/{id}` — outside `/api/v1` and outside Nest's body parsing: signatures are over
 * the exact bytes sent, so this route reads the body raw (any content type, at most
 * `bodyLimitBytes`; larger → 413) in its own Fastify scope, leaving the API's parsers alone.
 * It is public in the sense of carrying no bearer token: each webhook authenticates by its mode.
 */
export async function registerIncomingWebhooks(app: NestFastifyApplication): Promise<void> {
  const incoming = app.get(IncomingWebhooks);
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: incoming.options.bodyLimitBytes },
      (_request, body, done) => done(null, body),
    );
    scope.setErrorHandler(
      (error: { statusCode?: number; code?: string; message: string }, request, reply) => {
        const status = error.statusCode ?? 500;
        const domain =
          error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? new DomainError(
                'integrations.webhook.too_large',
                'too_large',
                `The body is larger than ${incoming.options.bodyLimitBytes} bytes.`,
                { issues: [{ path: 'body', message: 'too large' }] },
              )
            : status < 500
              ? new DomainError('request.invalid', 'invalid', error.message)
              : new DomainError('internal', 'internal', 'The webhook could not be processed.');
        if (status >= 500) request.log.error({ err: error }, 'incoming webhook failed');
        return sendProblem(reply, domain, request.id, request.url.split('?')[0] ?? '');
      },
    );
    scope.post<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
      '/hooks/:id',
      async (request, reply) => {
        const headers: Record<string, string | undefined> = {};
        for (const [name, value] of Object.entries(request.headers))
          headers[name.toLowerCase()] = headerValue(value);
        try {
          const accepted = await incoming.handle({
            webhookId: request.params.id,
            query: request.query,
            headers,
            body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
            remoteAddress: request.ip,
          });
          return reply.code(200).send(accepted);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return sendProblem(reply, error, request.id, `/hooks/${request.params.id}`);
        }
      },
    );
  });
}
