import { describe, expect, it } from 'vitest';
import { firstWebLink } from './markdown';

describe('firstWebLink', () => {
  it('finds the first http(s) link however it was written', () => {
    expect(firstWebLink('see https://example.com/a?b=1 and https://second.example')).toBe(
      'https://example.com/a?b=1',
    );
    expect(firstWebLink('[the docs](http://docs.example.com/guide) first')).toBe(
      'http://docs.example.com/guide',
    );
    expect(firstWebLink('<https://auto.example/x>')).toBe('https://auto.example/x');
    expect(firstWebLink('> quoted\n\n- item https://in-a-list.example')).toBe(
      'https://in-a-list.example',
    );
    expect(firstWebLink('中文 https://例子.example/路径 文本')).toMatch(/^https:\/\/xn--/);
  });

  it('skips links inside code, mail links and refused schemes', () => {
    expect(firstWebLink('`https://in-code.example` then https://real.example')).toBe(
      'https://real.example',
    );
    expect(firstWebLink('```\nhttps://in-a-block.example\n```')).toBeNull();
    expect(firstWebLink('<mailto:a@example.com> [x](javascript:alert(1))')).toBeNull();
    expect(firstWebLink('no links here, bob@example.com is an address')).toBeNull();
  });
});
