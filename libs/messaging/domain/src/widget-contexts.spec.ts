import { describe, expect, it } from 'vitest';
import { contextLinkOn, defaultContextTitle, isContextKey } from './widget-contexts';

describe('context keys', () => {
  it('takes 1–200 printable characters, counted as characters not UTF-16 units', () => {
    expect(isContextKey('erp:order:SO-2026-00817')).toBe(true);
    expect(isContextKey('审批:请假:2026-0042')).toBe(true);
    expect(isContextKey('x'.repeat(200))).toBe(true);
    expect(isContextKey('😀'.repeat(200))).toBe(true); // 400 UTF-16 units, 200 characters
    expect(isContextKey('x'.repeat(201))).toBe(false);
    expect(isContextKey('')).toBe(false);
    expect(isContextKey('   ')).toBe(false);
  });

  it('refuses control, format and separator characters that would hide in a key', () => {
    for (const bad of ['a\nb', 'a\tb', 'a\u0000b', 'a\u200bb', 'a\u2028b', 'a\u202eb', 'a\ue000b'])
      expect(isContextKey(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe('default context title', () => {
  it('is the key as a channel name, at most 80 characters', () => {
    expect(defaultContextTitle('erp:order:SO-1')).toBe('erp:order:SO-1');
    expect(defaultContextTitle('  a   b ')).toBe('a b');
    expect(defaultContextTitle('k'.repeat(200))).toBe('k'.repeat(80));
    // Cut between characters, never inside a surrogate pair.
    expect(defaultContextTitle('😀'.repeat(100))).toBe('😀'.repeat(80));
  });
});

describe('context links', () => {
  const origin = 'https://erp.example.com';

  it("answers an absolute http(s) URL on the site's origin", () => {
    expect(contextLinkOn('https://erp.example.com/orders/SO-1?tab=2#x', origin)).toBe(
      'https://erp.example.com/orders/SO-1?tab=2#x',
    );
    // The same origin spelled differently: upper-case host, default port.
    expect(contextLinkOn('https://ERP.example.com:443/o/1', origin)).toBe(
      'https://erp.example.com/o/1',
    );
  });

  it('refuses other origins, schemes, relative links and credentials', () => {
    for (const bad of [
      'https://evil.example.com/orders/1',
      'http://erp.example.com/orders/1',
      'https://erp.example.com:8443/orders/1',
      'javascript:alert(1)',
      '/orders/1',
      'https://user:pw@erp.example.com/orders/1',
      `https://erp.example.com/${'a'.repeat(2048)}`,
    ])
      expect(contextLinkOn(bad, origin), bad).toBeUndefined();
  });
});
