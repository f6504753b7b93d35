import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestPostgresDatabase, type TestDatabase } from '@tidings/platform/testing';
import { startServer } from './server-process';

/**
 * The "fresh clone" promise of the README, against the real built bundle run as a process:
 * ready within 5 s, placeholder page served, clean exit on Ctrl-C, database reused on restart.
 */
/** Embedded: SQLite + the in-process bus. Also PostgreSQL + the real Kafka broker. */
describe.each([
  ['sqlite', 'memory'],
  ['postgres', 'kafka'],
] as const)('the all-in-one host on %s with the %s bus', (flavour, bus) => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-e2e-'));
  let pg: TestDatabase | undefined;

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await pg?.drop();
  });

  async function databaseUrl(): Promise<string> {
    if (flavour === 'sqlite') return `sqlite:${join(dir, 'data', 'tidings.db')}`;
    pg ??= await createTestPostgresDatabase();
    return pg.url;
  }

  it('starts, serves, stops on SIGINT, and reuses its database on restart', async () => {
    const DATABASE_URL = await databaseUrl();
    const env = {
      DATABASE_URL,
      ...(bus === 'kafka' ? { KAFKA_BROKERS: inject('kafkaBrokers') ?? '' } : {}),
    };
    // How fast it gets ready is measured by `npm run bench -- startup`, not asserted here.
    const first = await startServer(env, 30_000);
    try {
      const ready = await (await fetch(`${first.baseUrl}/health/ready`)).json();
      expect(ready).toMatchObject({
        status: 'ready',
        checks: { database: { status: 'up', kind: flavour } },
      });

      const page = await fetch(`${first.baseUrl}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('Tidings');

      const live = await fetch(`${first.baseUrl}/health/live`);
      expect(live.status).toBe(200);
    } finally {
      first.child.kill('SIGINT');
    }
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.output()).toMatch(/applied \d+ migration\(s\): PlatformCreateSettings/);
    expect(first.output()).toContain('database closed');
    if (flavour === 'sqlite') expect(existsSync(join(dir, 'data', 'tidings.db'))).toBe(true);

    const info1 = first.output().match(/instance ([0-9a-f-]{36})/)?.[1];
    const second = await startServer(env, 30_000);
    try {
      const info = await (await fetch(`${second.baseUrl}/api/v1/system/info`)).json();
      expect(info).toMatchObject({ name: 'tidings', database: flavour, bus, instanceId: info1 });
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.output()).not.toMatch(/applied \d+ migration/);
  });
});

describe('the all-in-one host at the edges', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers problem+json with a code for an unknown route, and serves metrics and docs', async () => {
    const server = await startServer({ DATABASE_URL: `sqlite:${join(dir, 'a.db')}` });
    try {
      const missing = await fetch(`${server.baseUrl}/api/v1/nope`, {
        headers: { 'x-request-id': 'trace-42' },
      });
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(missing.headers.get('x-request-id')).toBe('trace-42');
      expect(await missing.json()).toMatchObject({
        status: 404,
        code: 'route.not_found',
        title: 'Not Found',
        requestId: 'trace-42',
      });

      const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /tidings_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/,
      );
      expect(metrics).toContain('tidings_process_cpu_user_seconds_total');

      const openapi = (await (await fetch(`${server.baseUrl}/api/docs/openapi.json`)).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(openapi.openapi).toMatch(/^3\./);
      expect(Object.keys(openapi.paths)).toContain('/api/v1/system/info');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    // Logs are JSON lines carrying the request id.
    const line = server
      .output()
      .split('\n')
      .find((l) => l.includes('"trace-42"'));
    expect(line && JSON.parse(line)).toMatchObject({ service: 'tidings', requestId: 'trace-42' });
  });

  it('starts but reports not ready while Kafka is unreachable', async () => {
    const server = await startServer(
      { DATABASE_URL: `sqlite:${join(dir, 'c.db')}`, KAFKA_BROKERS: '127.0.0.1:9' },
      15_000,
      503,
    );
    try {
      const ready = await fetch(`${server.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({
        status: 'not_ready',
        checks: { database: { status: 'up' }, bus: { status: 'down' } },
      });
      expect((await fetch(`${server.baseUrl}/health/live`)).status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});
