import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hostListVariable } from './host-list';
import {
  checkTarget,
  DEFAULT_DELIVERY_POLICY,
  DEFAULT_FETCH_POLICY,
  EgressError,
  portAllowed,
  type EgressPolicy,
} from './policy';

describe('checkTarget (before connecting)', () => {
  const refusal = (url: string, policy: EgressPolicy) => {
    try {
      checkTarget(new URL(url), policy);
      return null;
    } catch (error) {
      return error instanceof EgressError ? error.reason : error;
    }
  };
  const previews = { ...DEFAULT_FETCH_POLICY, allowHosts: new Set(['localhost']) };

  it('lets http(s) on ports 80/443 through, and any port on an allowed host', () => {
    expect(refusal('https://example.com/a', previews)).toBeNull();
    expect(refusal('http://example.com:80/a', previews)).toBeNull();
    expect(refusal('http://localhost:8123/page', previews)).toBeNull();
    expect(refusal('http://LOCALHOST.:8123/page', previews)).toBeNull();
  });

  it('refuses other schemes, other ports and credentials', () => {
    expect(refusal('ftp://example.com/', previews)).toBe('refused');
    expect(refusal('file:///etc/passwd', previews)).toBe('refused');
    expect(refusal('http://example.com:8080/', previews)).toBe('refused');
    expect(refusal('http://127.0.0.1:6379/', previews)).toBe('refused');
    expect(refusal('https://user:secret@example.com/', previews)).toBe('refused');
  });

  it('opens high ports to webhook receivers, but not the privileged ones', () => {
    expect(refusal('https://hooks.example.com:8443/in', DEFAULT_DELIVERY_POLICY)).toBeNull();
    expect(refusal('http://hooks.example.com:3000/in', DEFAULT_DELIVERY_POLICY)).toBeNull();
    expect(refusal('http://hooks.example.com:25/', DEFAULT_DELIVERY_POLICY)).toBe('refused');
    expect(refusal('http://hooks.example.com:1023/', DEFAULT_DELIVERY_POLICY)).toBe('refused');
  });

  it('matches ports and ranges', () => {
    expect(portAllowed(443, [80, 443])).toBe(true);
    expect(portAllowed(1024, [{ from: 1024, to: 2048 }])).toBe(true);
    expect(portAllowed(2049, [{ from: 1024, to: 2048 }])).toBe(false);
  });
});

describe('hostListVariable', () => {
  const schema = z.object({ HOSTS: hostListVariable() });

  it('reads a list, normalised like URL hosts', () => {
    expect(
      schema.parse({ HOSTS: ' Wiki.Corp.example. , 10.0.0.5,[fd00::1],localhost' }).HOSTS,
    ).toEqual(['wiki.corp.example', '10.0.0.5', 'fd00::1', 'localhost']);
    expect(schema.parse({}).HOSTS).toEqual([]);
  });

  it('refuses a URL or host:port with a clear message', () => {
    for (const value of ['http://wiki', 'wiki:8080', 'a b']) {
      const result = schema.safeParse({ HOSTS: value });
      expect(result.success, value).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/expected host names or IP addresses/);
    }
  });
});
