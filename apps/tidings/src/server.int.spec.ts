import { Body, Controller, Module, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Public, ZodPipe } from '@tidings/platform/http';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tidingsConfigSchema } from '@tidings/host';
import { HealthRegistry } from '@tidings/platform/health';
import { createServer, shutdown } from '@tidings/host';

const createThing = z.object({
  name: z.string().min(1).max(80),
  size: z.number().int().positive(),
});

/** A stand-in endpoint: the host's validation and error rendering, before real services. */
@Public()
@Controller('things')
class ThingsController {
  @Post()
  create(@Body(new ZodPipe(createThing)) body: z.output<typeof createThing>) {
    return { created: body.name };
  }
}

@Module({ controllers: [ThingsController] })
class ThingsModule {}

describe('the host pipeline', () => {
  const db = createTestSqliteDatabase();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const config = tidingsConfigSchema.parse({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      HTTP_BODY_LIMIT: '1024',
    });
    app = await createServer(config, { extraModules: [ThingsModule] });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function post(payload: string, contentType = 'application/json') {
    return app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/api/v1/things',
        headers: { 'content-type': contentType },
        payload,
      });
  }

  it('passes a valid body to the controller', async () => {
    const response = await post(JSON.stringify({ name: 'ok', size: 1 }));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ created: 'ok' });
  });

  it('answers a validation failure with problem+json listing each field', async () => {
    const response = await post(JSON.stringify({ name: '', size: -1 }));
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({
      status: 400,
      code: 'request.invalid',
      instance: '/api/v1/things',
    });
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual(['body.name', 'body.size']);
    expect(problem.requestId).toBe(response.headers['x-request-id']);
  });

  it('answers malformed JSON and oversized bodies with stable codes', async () => {
    const malformed = await post('{"name": ');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'request.malformed_json' });

    const big = await post(JSON.stringify({ name: 'x'.repeat(2000), size: 1 }));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'request.too_large' });

    const wrongType = await post('name=x', 'text/csv');
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json()).toMatchObject({ code: 'request.unsupported_media_type' });
  });

  it('documents the API in OpenAPI', async () => {
    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.json().info).toMatchObject({ title: 'Tidings API' });
  });
});

describe('graceful shutdown', () => {
  it('turns unready, finishes the in-flight request, then closes', async () => {
    let release!: () => void;
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));

    @Public()
    @Controller('slow')
    class SlowController {
      @Post()
      async slow() {
        arrived();
        await gate;
        return { finished: true };
      }
    }
    @Module({ controllers: [SlowController] })
    class SlowModule {}

    const db = createTestSqliteDatabase();
    const config = tidingsConfigSchema.parse({ DATABASE_URL: db.url, LOG_LEVEL: 'silent' });
    const app = await createServer(config, { extraModules: [SlowModule] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = await app.getUrl();

    const inFlight = fetch(`${base}/api/v1/slow`, { method: 'POST' });
    await requestArrived;
    const stopping = shutdown(app, 10_000);
    let stopped = false;
    void stopping.then(() => (stopped = true));

    await new Promise((r) => setTimeout(r, 100));
    expect(stopped).toBe(false); // still draining the request
    expect(app.get(HealthRegistry).isShuttingDown).toBe(true);

    release();
    const response = await inFlight;
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ finished: true });
    await stopping;
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
    await db.drop();
  });
});
