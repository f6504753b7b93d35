import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from '@tidings/host';
import { createServer } from '@tidings/host';
import { NONCE_PLACEHOLDER } from '@tidings/host';

/**
 * The host serving a web client build (a stand-in one in a temp WEB_ROOT): the page and its
 * files carry the Content-Security-Policy, each page with its own style nonce; the host's own
 * paths (the API, the issuer's pages) keep theirs.
 */
describe('the web client’s Content-Security-Policy', () => {
  const db = createTestSqliteDatabase();
  const webRoot = mkdtempSync(join(tmpdir(), 'tidings-webroot-'));
  let app: NestFastifyApplication;

  beforeAll(async () => {
    writeFileSync(
      join(webRoot, 'index.html'),
      `<!doctype html><html><body><td-root ngCspNonce="${NONCE_PLACEHOLDER}"></td-root>` +
        '<script src="main-ABC.js" type="module"></script></body></html>',
    );
    writeFileSync(join(webRoot, 'main-ABC.js'), 'console.log("hi");');
    const config = tidingsConfigSchema.parse({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      WEB_ROOT: webRoot,
      OIDC_ISSUER: 'https://sso.example.com/realms/acme',
      OIDC_AUDIENCE: 'tidings-api',
    });
    app = await createServer(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const get = (url: string) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url });

  it('puts a strict policy with a fresh nonce on every copy of the page', async () => {
    const nonces = new Set<string>();
    for (const url of ['/', '/index.html', '/c/some-conversation', '/auth/callback?code=x']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toContain('text/html');
      const csp = String(response.headers['content-security-policy']);
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, `${url}: ${csp}`).toBeDefined();
      expect(response.body, url).toContain(`ngCspNonce="${nonce}"`);
      expect(response.body, url).not.toContain(NONCE_PLACEHOLDER);
      nonces.add(nonce ?? '');
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';"); // no inline script, no eval
      expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("img-src 'self' data: blob:");
      // The external issuer's discovery and token endpoints are fetched by the client.
      expect(csp).toContain("connect-src 'self' https://sso.example.com;");
      expect(csp).not.toContain('unsafe');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['cache-control']).toBe('no-cache');
    }
    expect(nonces.size).toBe(4);
  });

  it('answers HEAD for the page too', async () => {
    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'HEAD', url: '/c/x' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('puts the policy, without a nonce, on the client’s files', async () => {
    const response = await get('/main-ABC.js');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('console.log("hi");');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('nonce-');
  });

  it('leaves the host’s own paths and 404s alone', async () => {
    const missing = await get('/no-such-file.js');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.headers['content-security-policy']).toBeUndefined();
    const api = await get('/api/v1/system/web-client');
    expect(api.statusCode).toBe(200);
    expect(api.headers['content-security-policy']).toBeUndefined();
    const health = await get('/health/live');
    expect(health.headers['content-security-policy']).toBeUndefined();
  });
});
