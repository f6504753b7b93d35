import { describe, expect, it } from 'vitest';
import { hasPermission } from './permissions';
import { normalizeOrigin, WIDGET_TOKEN_SCOPES } from './widget';

describe('widget site origins', () => {
  it('writes an origin the way a browser sends it', () => {
    expect(normalizeOrigin('https://oa.example.com')).toBe('https://oa.example.com');
    expect(normalizeOrigin(' HTTPS://OA.Example.COM:443/ ')).toBe('https://oa.example.com');
    expect(normalizeOrigin('http://intranet:80')).toBe('http://intranet');
    expect(normalizeOrigin('http://erp.example.com:8080/')).toBe('http://erp.example.com:8080');
    expect(normalizeOrigin('https://例え.jp')).toBe('https://xn--r8jz45g.jp');
    expect(normalizeOrigin('http://10.0.0.7:3000')).toBe('http://10.0.0.7:3000');
    expect(normalizeOrigin('http://[::1]:8080')).toBe('http://[::1]:8080');
    expect(normalizeOrigin('https://build_server.corp')).toBe('https://build_server.corp');
  });

  it('refuses anything that is not exactly an origin', () => {
    for (const bad of [
      '',
      'oa.example.com',
      'ftp://oa.example.com',
      'javascript:alert(1)',
      'null',
      'https://oa.example.com/app',
      'https://oa.example.com/.',
      'https://oa.example.com//',
      'https://oa.example.com?x=1',
      'https://oa.example.com/?',
      'https://oa.example.com#top',
      'https://user:pw@oa.example.com',
      'https://@oa.example.com',
      'https:oa.example.com',
      'https:\\\\oa.example.com',
      'https://oa.exa\tmple.com',
      'https://oa.example.com:99999',
      `https://${'a'.repeat(300)}.com`,
    ])
      expect(normalizeOrigin(bad), bad).toBeUndefined();
  });

  it('refuses hosts that would mean something else in a frame-ancestors header', () => {
    for (const bad of [
      'https://*.example.com',
      'https://a;b.example.com',
      'https://a,b.example.com',
      'https://-oa.example.com',
      'https://oa..example.com',
      'https://oa.example.com.',
    ])
      expect(normalizeOrigin(bad), bad).toBeUndefined();
  });
});

describe('widget token scopes', () => {
  it('reach reading and writing messages as the person, nothing that manages or signs out', () => {
    for (const scope of WIDGET_TOKEN_SCOPES) expect(hasPermission(['user'], scope)).toBe(true);
    for (const never of [
      'self.sessions.revoke',
      'bots.manage',
      'users.manage',
      'messaging.manage',
      'widget.tokens.issue',
    ] as const)
      expect(WIDGET_TOKEN_SCOPES).not.toContain(never);
  });
});
