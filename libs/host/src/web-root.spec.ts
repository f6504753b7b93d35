import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isClientRoute,
  NONCE_PLACEHOLDER,
  REFUSED_WIDGET_CSP,
  serveClientRoutes,
  widgetFraming,
  withNonce,
} from './web-root';

describe('isClientRoute (SPA fallback)', () => {
  it('sends the web client’s own routes to index.html', () => {
    for (const path of ['/', '/auth/callback', '/c/0198-abc', '/settings/profile'])
      expect(isClientRoute(path), path).toBe(true);
  });

  it('leaves the host’s own paths and missing files to the 404 handler', () => {
    for (const path of [
      '/api',
      '/api/v1/nope',
      '/oidc/auth',
      '/ws',
      '/health/ready',
      '/metrics',
      '/hooks/abc',
      '/main-ABC.js',
      '/c/favicon.ico',
    ])
      expect(isClientRoute(path), path).toBe(false);
  });

  it('does not mistake a client route that merely starts like a host path', () => {
    expect(isClientRoute('/apis')).toBe(true);
    expect(isClientRoute('/healthy')).toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  it('allows script only from the origin, and styles by nonce', () => {
    const csp = contentSecurityPolicy('abc123');
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'nonce-abc123';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('lets nobody frame a page unless told which origins may', () => {
    expect(contentSecurityPolicy('n')).toMatch(/frame-ancestors 'none'$/);
    expect(contentSecurityPolicy('n', {}, ['https://oa.example.com', 'http://erp:8080'])).toMatch(
      /; frame-ancestors https:\/\/oa\.example\.com http:\/\/erp:8080$/,
    );
  });

  it('adds an external issuer’s origin (not its path) to connect-src', () => {
    expect(
      contentSecurityPolicy(null, { externalIssuer: 'https://sso.example.com:8443/realms/acme' }),
    ).toContain("connect-src 'self' https://sso.example.com:8443;");
  });
});

describe('withNonce', () => {
  it('fills Angular’s placeholder and the page’s own <style> elements', () => {
    expect(
      withNonce(`<style>b{}</style><td-root ngcspnonce="${NONCE_PLACEHOLDER}"></td-root>`, 'n0n'),
    ).toBe('<style nonce="n0n">b{}</style><td-root ngcspnonce="n0n"></td-root>');
  });
});

describe('widgetFraming', () => {
  const sites = ['https://oa.example.com', 'http://erp.example.com:8080'];

  it('lets a widget site, and only that site, frame /widget', () => {
    expect(widgetFraming('/widget', ['https://OA.example.com:443'], sites)).toEqual({
      refused: false,
      frameAncestors: ['https://oa.example.com'],
    });
  });

  it('refuses /widget for any other origin, a malformed one, none, or more than one', () => {
    for (const params of [
      ['https://evil.example.com'],
      ['https://oa.example.com.evil.example'],
      ['http://oa.example.com'], // another scheme is another origin
      ['https://oa.example.com:8443'], // and another port
      ['https://oa.example.com/page'],
      ['https://user@oa.example.com'],
      ['null'], // a sandboxed or file: page
      [],
      [''],
      ['https://oa.example.com', 'https://evil.example.com'],
    ])
      expect(widgetFraming('/widget', params, sites), params.join(' ')).toEqual({ refused: true });
    expect(widgetFraming('/widget', ['https://oa.example.com'], [])).toEqual({ refused: true });
  });

  it('lets every widget site frame /widget/callback, and no one when there is none', () => {
    expect(widgetFraming('/widget/callback', [], sites)).toEqual({
      refused: false,
      frameAncestors: sites,
    });
    expect(widgetFraming('/widget/callback', [], [])).toEqual({
      refused: false,
      frameAncestors: [],
    });
  });

  it('drops an allowlist entry that is not a normalized origin instead of trusting it', () => {
    const dirty = [
      'https://oa.example.com',
      "https://a;script-src 'unsafe-inline'.example", // would end the directive
      'https://*.example.com', // a wildcard in frame-ancestors
      'HTTPS://A.B', // not stored this way
    ];
    expect(widgetFraming('/widget/callback', [], dirty)).toEqual({
      refused: false,
      frameAncestors: ['https://oa.example.com'],
    });
  });
});

/**
 * The hooks on a bare Fastify with a stand-in web root, widget sites from a stub (the real
 * ones are identity's: widget-frame.int.spec.ts covers the whole host).
 */
describe('serveClientRoutes: the widget’s pages', () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'tidings-widget-root-'));
  let sites = ['https://oa.example.com'];
  let fastify: FastifyInstance;

  beforeAll(async () => {
    writeFileSync(join(webRoot, 'index.html'), `<td-root ngCspNonce="${NONCE_PLACEHOLDER}">`);
    fastify = Fastify();
    serveClientRoutes(fastify, webRoot, { widgetOrigins: async () => sites });
    // Stands in for @fastify/static, which serves the loader from the web root in the host.
    fastify.get('/widget/loader.js', (_request, reply) =>
      reply.type('text/javascript').send('(()=>{})();'),
    );
    await fastify.ready();
  });

  afterAll(async () => {
    await fastify.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const get = (url: string) => fastify.inject({ method: 'GET', url });
  const frameAncestorsOf = (response: { headers: Record<string, unknown> }) =>
    /frame-ancestors ([^;]*)$/.exec(String(response.headers['content-security-policy']))?.[1];

  it('serves the app to a widget site’s frame, framable by that origin alone', async () => {
    const response = await get(
      `/widget?origin=${encodeURIComponent('https://oa.example.com')}&lang=en`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<td-root');
    expect(response.body).not.toContain(NONCE_PLACEHOLDER);
    expect(frameAncestorsOf(response)).toBe('https://oa.example.com');
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['content-security-policy']).toContain("'nonce-");
  });

  it('answers 403 without the app to any other origin', async () => {
    for (const url of [
      '/widget',
      '/widget?origin=https%3A%2F%2Fevil.example.com',
      '/widget?origin=null',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.body, url).toContain('This site may not embed Tidings chat.');
      expect(response.body, url).not.toContain('<td-root');
      expect(response.headers['content-security-policy'], url).toBe(REFUSED_WIDGET_CSP);
      expect(response.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('reads the allowlist on every request: a site added or removed counts at once', async () => {
    sites = [];
    expect((await get('/widget?origin=https://oa.example.com')).statusCode).toBe(403);
    expect(frameAncestorsOf(await get('/widget/callback?code=x'))).toBe("'none'");
    sites = ['https://oa.example.com', 'http://erp.example.com:8080'];
    expect((await get('/widget?origin=http://erp.example.com:8080')).statusCode).toBe(200);
  });

  it('lets every widget site frame the sign-in callback', async () => {
    sites = ['https://oa.example.com', 'http://erp.example.com:8080'];
    const response = await get('/widget/callback?code=abc&state=xyz');
    expect(response.statusCode).toBe(200);
    expect(frameAncestorsOf(response)).toBe('https://oa.example.com http://erp.example.com:8080');
    expect(response.headers['x-frame-options']).toBeUndefined();
  });

  it('keeps every other page unframable, the sign-in popup included', async () => {
    for (const url of ['/', '/widget/signin', '/widget/', '/c/x?origin=https://oa.example.com']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(frameAncestorsOf(response), url).toBe("'none'");
      expect(response.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('serves the loader for other sites’ pages: cross-origin resource, cached briefly', async () => {
    const response = await get('/widget/loader.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
