import { describe, expect, it } from 'vitest';
import { frameUrl, tidingsOriginOf } from './origin';

describe('tidingsOriginOf', () => {
  it('is the origin the loader script came from', () => {
    expect(tidingsOriginOf('https://chat.example.com/widget/loader.js')).toBe(
      'https://chat.example.com',
    );
    expect(tidingsOriginOf('http://127.0.0.1:3000/widget/loader.js?v=2')).toBe(
      'http://127.0.0.1:3000',
    );
    expect(tidingsOriginOf('https://CHAT.example.com:443/widget/loader.js')).toBe(
      'https://chat.example.com',
    );
  });

  it('is null without an http(s) script URL to go by', () => {
    for (const src of [null, undefined, '', 'not a url', 'data:text/javascript,1', 'blob:x'])
      expect(tidingsOriginOf(src), String(src)).toBeNull();
  });
});

describe('frameUrl', () => {
  it('points at /widget on Tidings with the page’s origin and language, encoded', () => {
    expect(frameUrl('https://chat.example.com', 'https://oa.example.com:8443', 'zh-CN')).toBe(
      'https://chat.example.com/widget?origin=https%3A%2F%2Foa.example.com%3A8443&lang=zh-CN',
    );
  });
});
