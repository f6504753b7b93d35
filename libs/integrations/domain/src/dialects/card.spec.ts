import { isSafeCardUrl } from '@tidings/contracts';
import { describe, expect, it } from 'vitest';
import { cardSchema } from './card';
import { safeUrl } from './markdown';

/**
 * The card schema (in contracts) checks links with its own small rule; the dialects make links
 * with safeUrl. A card a dialect builds must pass the schema, and the schema must take no link
 * safeUrl would refuse: the two agree on every case here.
 */
describe('card links: the contracts rule and the dialects agree', () => {
  it.each([
    'https://example.com/a b',
    ' HTTP://Example.com ',
    'mailto:ops@example.com',
    'https://medium.com/@alice',
    'dingtalk://dingtalkclient/page/link?url=https%3A%2F%2Foa.example.com%2Fx&pc_slide=true',
    'dingtalk://dingtalkclient/page/link?url=javascript%3Aalert(1)',
    'dingtalk://dingtalkclient/action/sendmsg?dingtalk_id=x',
    'javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,hi',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    '/relative/path',
    '//evil.example.com',
    'not a url',
    '',
  ])('%j', (url) => {
    expect(isSafeCardUrl(url)).toBe(safeUrl(url) !== null);
    expect(cardSchema.safeParse({ title: 't', url }).success).toBe(safeUrl(url) !== null);
  });
});
