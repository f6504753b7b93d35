import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { lookup } from 'node:dns';
import type { AddressInfo, LookupFunction } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressClient, type FetchRequest } from './client';
import {
  DEFAULT_DELIVERY_POLICY,
  DEFAULT_FETCH_POLICY,
  EgressError,
  type EgressPolicy,
} from './policy';

const PAGE: FetchRequest = { accept: 'text/html', maxBytes: 1024, overflow: 'truncate' };

/** A resolver standing in for DNS: these names answer what a hostile or internal DNS would. */
const FAKE_DNS: Record<string, Array<{ address: string; family: 4 | 6 }>> = {
  'metadata.test': [{ address: '169.254.169.254', family: 4 }],
  'intranet.test': [{ address: '10.1.2.3', family: 4 }],
  'loopback.test': [{ address: '127.0.0.1', family: 4 }],
  'ula.test': [{ address: 'fd00::5', family: 6 }],
  // A public answer and a private one: the private one must not slip through.
  'rebind.test': [
    { address: '93.184.215.14', family: 4 },
    { address: '127.0.0.1', family: 4 },
  ],
  'receiver.test': [{ address: '127.0.0.1', family: 4 }],
};
const fakeResolver = ((hostname: string, options: { all?: boolean }, callback: never) => {
  const answers = FAKE_DNS[hostname];
  const cb = callback as (error: Error | null, address?: unknown, family?: number) => void;
  // Other names (localhost) go to the system's resolver, as they would without injection.
  if (!answers) return lookup(hostname, options, callback);
  if (options.all) return cb(null, answers);
  const first = answers[0] as { address: string; family: number };
  return cb(null, first.address, first.family);
}) as unknown as LookupFunction;

/**
 * The guard on real sockets against a loopback server, so what refuses is the connect-time
 * check (request-filtering-agent, after DNS) — the port check is open to the server's port.
 */
describe('EgressClient', () => {
  let server: Server;
  let port = 0;
  const received: Array<{
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
    body: string;
  }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        received.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body,
        });
        const path = request.url ?? '/';
        if (path === '/slow') return; // never answers
        if (path === '/gzip')
          return void response
            .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
            .end(gzipSync('<title>packed</title>'));
        if (path === '/bad-gzip')
          return void response
            .writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
            .end('not gzip at all');
        if (path === '/big')
          return void response
            .writeHead(200, { 'content-type': 'text/html' })
            .end('x'.repeat(10_000));
        if (path === '/head')
          return void response
            .writeHead(200, { 'content-type': 'text/html' })
            .end(`<head><title>t</title></head><body>${'y'.repeat(500)}</body>`);
        if (path.startsWith('/to/'))
          return void response
            .writeHead(path.startsWith('/to/307') ? 307 : 302, {
              location: decodeURIComponent(path.replace(/^\/to\/(307\/)?/, '')),
            })
            .end();
        if (path === '/hook')
          return void response
            .writeHead(202, { 'content-type': 'application/json', 'retry-after': '7' })
            .end(JSON.stringify({ echo: body }));
        response.writeHead(200, { 'content-type': 'text/html' }).end('<title>ok</title>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const policyWith = (
    allowHosts: string[],
    base: EgressPolicy = DEFAULT_FETCH_POLICY,
  ): EgressPolicy => ({
    ...base,
    ports: [port, 80, 443],
    timeoutMs: 1_000,
    allowHosts: new Set(allowHosts),
  });

  /** What became of a GET: `fetched`, or the refusal's reason and message. */
  async function outcomeOf(url: string, policy = policyWith([]), request = PAGE) {
    const client = new EgressClient(policy, { resolver: fakeResolver });
    try {
      await client.fetch(new URL(url), request);
      return 'fetched';
    } catch (error) {
      if (error instanceof EgressError) return `${error.reason}: ${error.message}`;
      throw error;
    } finally {
      client.destroy();
    }
  }

  const REFUSED_AT_CONNECT = /^refused: .* is not a public address\.$/;

  it('refuses every private, loopback, link-local and special address at connect time', async () => {
    const targets = [
      `http://127.0.0.1:${port}/`,
      `http://127.1.2.3:${port}/`,
      `http://[::1]:${port}/`,
      'http://169.254.169.254/latest/meta-data/',
      'http://[fe80::1]/',
      'http://10.0.0.1/',
      'http://172.16.5.4/',
      'http://192.168.1.1/',
      'http://100.64.0.1/', // carrier-grade NAT
      'http://[fc00::1]/',
      'http://[fd00:ec2::254]/', // unique-local: AWS's IPv6 metadata address
      `http://[::ffff:127.0.0.1]:${port}/`, // IPv4-mapped IPv6
      'http://[::ffff:a9fe:a9fe]/', // 169.254.169.254, mapped
      `http://0.0.0.0:${port}/`, // Linux connects this to loopback
      `http://[::]:${port}/`,
    ];
    for (const target of targets)
      expect(await outcomeOf(target), target).toMatch(REFUSED_AT_CONNECT);
  });

  it('refuses decimal, octal and hex spellings of loopback (URL parsing exposes them)', async () => {
    for (const target of [
      `http://2130706433:${port}/`,
      `http://0x7f.1:${port}/`,
      `http://0x7f000001:${port}/`,
      `http://0177.0.0.1:${port}/`,
      `http://017700000001:${port}/`,
    ]) {
      expect(new URL(target).hostname, target).toBe('127.0.0.1');
      expect(await outcomeOf(target), target).toMatch(REFUSED_AT_CONNECT);
    }
  });

  it('refuses names that resolve into private space: localhost, and what a resolver answers', async () => {
    expect(await outcomeOf(`http://localhost:${port}/`)).toMatch(REFUSED_AT_CONNECT);
    for (const name of [
      'metadata.test',
      'intranet.test',
      'loopback.test',
      'ula.test',
      'rebind.test',
    ])
      expect(await outcomeOf(`http://${name}:${port}/`), name).toMatch(REFUSED_AT_CONNECT);
  });

  it('refuses a redirect into private space, hop by hop', async () => {
    const policy = policyWith(['localhost']);
    const via = (target: string) => `http://localhost:${port}/to/${encodeURIComponent(target)}`;
    expect(await outcomeOf(via(`http://localhost:${port}/`), policy)).toBe('fetched');
    expect(await outcomeOf(via(`http://127.0.0.1:${port}/`), policy)).toMatch(REFUSED_AT_CONNECT);
    expect(await outcomeOf(via('http://169.254.169.254/'), policy)).toMatch(REFUSED_AT_CONNECT);
    expect(await outcomeOf(via(`http://2130706433:${port}/`), policy)).toMatch(REFUSED_AT_CONNECT);
  });

  it('reaches an allowlisted loopback host — and only under the allowlisted name', async () => {
    expect(await outcomeOf(`http://localhost:${port}/`, policyWith(['localhost']))).toBe('fetched');
    expect(await outcomeOf(`http://127.0.0.1:${port}/`, policyWith(['localhost']))).toMatch(
      REFUSED_AT_CONNECT,
    );
    expect(await outcomeOf(`http://127.0.0.1:${port}/`, policyWith(['127.0.0.1']))).toBe('fetched');
    // The injected resolver is what the connection uses: the allowlisted name reaches its address.
    expect(await outcomeOf(`http://receiver.test:${port}/`, policyWith(['receiver.test']))).toBe(
      'fetched',
    );
    // Allowlisting never opens 0.0.0.0.
    expect(await outcomeOf(`http://0.0.0.0:${port}/`, policyWith(['0.0.0.0']))).toMatch(
      REFUSED_AT_CONNECT,
    );
  });

  it('checks scheme, credentials and port before connecting', async () => {
    const policy = { ...DEFAULT_DELIVERY_POLICY, timeoutMs: 1_000 };
    const client = new EgressClient(policy);
    const refusal = async (url: string) => {
      try {
        await client.send({ method: 'POST', url: new URL(url), body: '{}' });
        return 'sent';
      } catch (error) {
        return error instanceof EgressError ? `${error.reason}: ${error.message}` : String(error);
      }
    };
    try {
      expect(await refusal('ftp://example.com/')).toMatch(/^refused: Only http and https/);
      expect(await refusal('https://user:pw@example.com/')).toMatch(/^refused: .*user name/);
      expect(await refusal('http://example.com:22/')).toBe('refused: Port 22 is not allowed.');
      expect(await refusal('http://example.com:25/')).toBe('refused: Port 25 is not allowed.');
    } finally {
      client.destroy();
    }
  });

  it('POSTs a body with headers to an allowlisted host and answers any status with its body', async () => {
    const client = new EgressClient(policyWith(['localhost'], DEFAULT_DELIVERY_POLICY));
    try {
      const answer = await client.send({
        method: 'POST',
        url: new URL(`http://localhost:${port}/hook`),
        headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
        body: '{"a":1}',
      });
      expect(answer.status).toBe(202);
      expect(answer.headers['retry-after']).toBe('7');
      expect(JSON.parse(answer.body.toString())).toEqual({ echo: '{"a":1}' });
      expect(answer.latencyMs).toBeGreaterThanOrEqual(0);
      const seen = received.at(-1);
      expect(seen).toMatchObject({ method: 'POST', url: '/hook', body: '{"a":1}' });
      expect(seen?.headers).toMatchObject({
        'webhook-id': 'msg_1',
        'content-length': '7',
        'user-agent': DEFAULT_DELIVERY_POLICY.userAgent,
      });
      // A POST does not follow redirects: the 3xx is the answer, nothing is sent on.
      const before = received.length;
      const moved = await client.send({
        method: 'POST',
        url: new URL(`http://localhost:${port}/to/307/${encodeURIComponent('http://localhost/x')}`),
        body: '{}',
      });
      expect(moved.status).toBe(307);
      expect(received.length).toBe(before + 1);
    } finally {
      client.destroy();
    }
  });

  it('refuses a POST to a private address before anything is sent', async () => {
    const client = new EgressClient(policyWith([], DEFAULT_DELIVERY_POLICY), {
      resolver: fakeResolver,
    });
    const before = received.length;
    try {
      await expect(
        client.send({
          method: 'POST',
          url: new URL(`http://loopback.test:${port}/hook`),
          body: '{}',
        }),
      ).rejects.toMatchObject({ reason: 'refused' });
      expect(received.length).toBe(before);
    } finally {
      client.destroy();
    }
  });

  it('decompresses gzip, and fails a broken stream at once rather than at the timeout', async () => {
    const policy = policyWith(['localhost']);
    const client = new EgressClient(policy);
    try {
      const packed = await client.fetch(new URL(`http://localhost:${port}/gzip`), PAGE);
      expect(packed.body.toString()).toBe('<title>packed</title>');
    } finally {
      client.destroy();
    }
    const started = Date.now();
    expect(await outcomeOf(`http://localhost:${port}/bad-gzip`, policy)).toMatch(/^unavailable/);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    expect(await outcomeOf(`http://localhost:${port}/slow`, policyWith(['localhost']))).toMatch(
      /^unavailable: .*too long/,
    );
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('cuts a page at the byte limit or after </head>, and fails an image over it', async () => {
    const policy = policyWith(['localhost']);
    const client = new EgressClient(policy);
    try {
      const big = await client.fetch(new URL(`http://localhost:${port}/big`), PAGE);
      expect(big).toMatchObject({ truncated: true });
      expect(big.body.length).toBe(1024);
      const head = await client.fetch(new URL(`http://localhost:${port}/head`), {
        ...PAGE,
        stopAfter: (b) => b.toString('latin1').includes('</head>'),
      });
      expect(head.body.toString()).toContain('</head>');
    } finally {
      client.destroy();
    }
    expect(
      await outcomeOf(`http://localhost:${port}/big`, policy, { ...PAGE, overflow: 'fail' }),
    ).toMatch(/^unavailable/);
  });
});
