import type { IncomingMessage } from 'node:http';
import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Level } from 'pino';

export interface LoggingOptions {
  level: Level | 'silent';
  /** The service name stamped on every line (`tidings`, `messaging`, …). */
  service: string;
}

/**
 * Structured JSON logs on stdout, one line per event, with the request id (Fastify's
 * `request.id`, see request-id.ts) on every line logged while handling that request —
 * nestjs-pino keeps the request's child logger in AsyncLocalStorage.
 */
export function loggingModule(options: LoggingOptions): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: options.level,
      base: { service: options.service },
      customProps: (req) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
      // Health probes and scrapes every few seconds would drown real traffic.
      autoLogging: {
        // Nest's middleware layer may rewrite `url`; `originalUrl` keeps the full path.
        ignore: (req) =>
          /^\/(health\/|metrics$)/.test(
            (req as { originalUrl?: string }).originalUrl ?? req.url ?? '',
          ),
      },
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
      },
    },
    // Fastify's default Nest route pattern misses every route; `{*splat}` catches all.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
  });
}
