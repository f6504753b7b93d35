import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isClientRoute, NONCE_PLACEHOLDER, withNonce } from './web-root';

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
