import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_FETCH_POLICY,
  GuardedAgents,
  guardedGet,
  LinkFetchError,
  type FetchPolicy,
  type FetchRequest,
} from './guarded-fetch';

const PAGE: FetchRequest = { accept: 'text/html', maxBytes: 1024, overflow: 'truncate' };

/**
 * The guard on real sockets, with the port check opened to a loopback test server so that
 * what refuses is request-filtering-agent at connect time, after DNS.
 */
describe('guardedGet', () => {
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/slow') return; // never answers
      if (request.url === '/gzip')
        return void response
          .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
          .end(gzipSync('<title>packed</title>'));
      if (request.url === '/bad-gzip')
        return void response
          .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
          .end('not gzip at all');
      if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('x'.repeat(10_000));
        return;
      }
      if (request.url === '/head')
        return void response
          .writeHead(200, { 'content-type': 'text/html' })
          .end(`<head><title>t</title></head><body>${'y'.repeat(500)}</body>`);
      response.writeHead(200, { 'content-type': 'text/html' }).end('<title>ok</title>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const policyWith = (allowHosts: string[]): FetchPolicy => ({
    ...DEFAULT_FETCH_POLICY,
    ports: [port],
    timeoutMs: 1_000,
    allowHosts: new Set(allowHosts),
  });

  async function reasonOf(url: string, policy: FetchPolicy, request = PAGE) {
    const agents = new GuardedAgents(policy);
    try {
      await guardedGet(new URL(url), request, policy, agents);
      return 'fetched';
    } catch (error) {
      if (error instanceof LinkFetchError) return error.reason;
      throw error;
    } finally {
      agents.destroy();
    }
  }

  it('refuses a loopback server by address and by a name resolving to it', async () => {
    const policy = policyWith([]);
    expect(await reasonOf(`http://127.0.0.1:${port}/`, policy)).toBe('refused');
    expect(await reasonOf(`http://localhost:${port}/`, policy)).toBe('refused');
  });

  it('reaches it when the name is allowlisted — and only under that name', async () => {
    const policy = policyWith(['localhost']);
    expect(await reasonOf(`http://localhost:${port}/`, policy)).toBe('fetched');
    expect(await reasonOf(`http://127.0.0.1:${port}/`, policy)).toBe('refused');
    expect(await reasonOf(`http://127.0.0.1:${port}/`, policyWith(['127.0.0.1']))).toBe('fetched');
  });

  it('decompresses gzip, and fails a broken stream at once rather than at the timeout', async () => {
    const policy = policyWith(['localhost']);
    const agents = new GuardedAgents(policy);
    try {
      const packed = await guardedGet(
        new URL(`http://localhost:${port}/gzip`),
        PAGE,
        policy,
        agents,
      );
      expect(packed.body.toString()).toBe('<title>packed</title>');
    } finally {
      agents.destroy();
    }
    const started = Date.now();
    expect(await reasonOf(`http://localhost:${port}/bad-gzip`, policy)).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    expect(await reasonOf(`http://localhost:${port}/slow`, policyWith(['localhost']))).toBe(
      'unavailable',
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('cuts a page at the byte limit or after </head>, and fails an image over it', async () => {
    const policy = policyWith(['localhost']);
    const agents = new GuardedAgents(policy);
    try {
      const big = await guardedGet(new URL(`http://localhost:${port}/big`), PAGE, policy, agents);
      expect(big).toMatchObject({ truncated: true });
      expect(big.body.length).toBe(1024);
      const head = await guardedGet(
        new URL(`http://localhost:${port}/head`),
        { ...PAGE, stopAfter: (b) => b.toString('latin1').includes('</head>') },
        policy,
        agents,
      );
      expect(head.body.toString()).toContain('</head>');
    } finally {
      agents.destroy();
    }
    expect(
      await reasonOf(`http://localhost:${port}/big`, policy, { ...PAGE, overflow: 'fail' }),
    ).toBe('unavailable');
  });
});
