import { describe, expect, it } from 'vitest';
import { isClientRoute } from './web-root';

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
