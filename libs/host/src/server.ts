import 'reflect-metadata';
import { RequestMethod, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { useGatewayAdapter } from '@tidings/gateway/feature';
import { WidgetSites } from '@tidings/identity/feature';
import { registerIncomingWebhooks } from '@tidings/integrations/feature';
import { registerFileUploads, type ConversationAccess } from '@tidings/messaging/feature';
import { HealthRegistry, installHttpMetrics, MetricsService } from '@tidings/platform/health';
import { mountOpenApi } from '@tidings/platform/http';
import { REQUEST_ID_HEADER, requestIdOf } from '@tidings/platform/logging';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { runs, type TidingsConfig } from './config';
import { TIDINGS_VERSION } from './version';
import { resolveWebRoot, serveClientRoutes } from './web-root';

export interface ServerOptions {
  extraModules?: Type[];
  /** Binds files' ConversationAccess port (tests); unset → files-wiring.ts's default. */
  conversationAccess?: ConversationAccess;
}

/** Builds the all-in-one host, ready to `listen`. Used by main.ts and by the e2e tests. */
export async function createServer(
  config: TidingsConfig,
  options: ServerOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.HTTP_BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
    // Idle keep-alive sockets are closed on shutdown so close() does not wait for them.
    forceCloseConnections: 'idle',
    genReqId: requestIdOf,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      extraModules: options.extraModules ?? [],
      conversationAccess: options.conversationAccess,
    }),
    adapter,
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  if (runs(config, 'gateway')) useGatewayAdapter(app); // the WebSocket gateway at /ws (docs/realtime.md)
  await registerFileUploads(app); // multipart for POST /api/v1/files (docs/files.md)
  // POST /hooks/{id}: incoming webhooks, bodies read raw for their signatures (docs/integrations.md)
  if (runs(config, 'integrations')) await registerIncomingWebhooks(app);
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  // A response finished while draining closes its keep-alive socket; otherwise the client
  // would hold the connection open and shutdown would wait for its idle timeout.
  const health = app.get(HealthRegistry);
  fastify.addHook('onSend', async (_request, reply) => {
    if (health.isShuttingDown) void reply.header('connection', 'close');
  });
  installHttpMetrics(fastify, app.get(MetricsService));
  mountOpenApi(app, TIDINGS_VERSION);
  const webRoot = resolveWebRoot(config.WEB_ROOT);
  app.useStaticAssets({ root: webRoot, prefix: '/', wildcard: false });
  // The client's page (deep links, reloads) and its Content-Security-Policy; the widget's
  // frame pages only for the widget sites' origins (docs/widget.md).
  serveClientRoutes(fastify, webRoot, {
    externalIssuer: config.OIDC_ISSUER,
    widgetOrigins: () => app.get(WidgetSites).allowedOrigins(),
  });
  return app;
}

/**
 * Graceful stop: readiness turns false first, then the HTTP server stops accepting and
 * drains in-flight requests, then the database closes. A stuck step cannot hold the
 * process past `timeoutMs`.
 */
export async function shutdown(app: NestFastifyApplication, timeoutMs: number): Promise<void> {
  app.get(HealthRegistry).markShuttingDown();
  const deadline = setTimeout(() => {
    process.stderr.write(`tidings: shutdown took longer than ${timeoutMs} ms; exiting\n`);
    process.exit(1);
  }, timeoutMs);
  deadline.unref();
  await app.close();
  clearTimeout(deadline);
}
