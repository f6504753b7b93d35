import { describe, expect, it } from 'vitest';
import { configMessage, elementEventFor, parseFrameMessage, parseMembers } from './protocol';

describe('parseFrameMessage', () => {
  it('accepts each message of the frame, with exactly its fields', () => {
    const cases: Array<[unknown, unknown]> = [
      [{ tidings: 1, type: 'ready' }, { type: 'ready' }],
      [{ tidings: 1, type: 'need-token', extra: 'dropped' }, { type: 'need-token' }],
      [{ tidings: 1, type: 'signin-required' }, { type: 'signin-required' }],
      [{ tidings: 1, type: 'close' }, { type: 'close' }],
      [
        { tidings: 1, type: 'state', signedIn: false },
        { type: 'state', signedIn: false },
      ],
      [
        { tidings: 1, type: 'state', signedIn: true, userId: 'u-1' },
        { type: 'state', signedIn: true, userId: 'u-1' },
      ],
      [
        { tidings: 1, type: 'unread', count: 0 },
        { type: 'unread', count: 0 },
      ],
      [
        { tidings: 1, type: 'unread', count: 12 },
        { type: 'unread', count: 12 },
      ],
      [
        { tidings: 1, type: 'context', conversationId: 'c-1', created: true },
        { type: 'context', conversationId: 'c-1', created: true },
      ],
      [
        { tidings: 1, type: 'error', code: 'widget.origin_not_allowed' },
        { type: 'error', code: 'widget.origin_not_allowed' },
      ],
    ];
    for (const [data, parsed] of cases)
      expect(parseFrameMessage(data), JSON.stringify(data)).toEqual(parsed);
  });

  it('refuses what is not one of ours, or is half-formed', () => {
    for (const data of [
      null,
      undefined,
      'ready',
      42,
      [1, 'ready'],
      { type: 'ready' }, // no envelope
      { tidings: 2, type: 'ready' }, // another version
      { tidings: '1', type: 'ready' },
      { tidings: 1 },
      { tidings: 1, type: 'config', lang: 'en', tokenMode: false }, // the page's own message
      { tidings: 1, type: 'token', token: 'tdw_x' },
      { tidings: 1, type: 'exfiltrate' },
      { tidings: 1, type: 'state' },
      { tidings: 1, type: 'state', signedIn: 'yes' },
      { tidings: 1, type: 'state', signedIn: true, userId: 7 },
      { tidings: 1, type: 'state', signedIn: true, userId: 'x'.repeat(201) },
      { tidings: 1, type: 'unread', count: -1 },
      { tidings: 1, type: 'unread', count: 1.5 },
      { tidings: 1, type: 'unread', count: '3' },
      { tidings: 1, type: 'unread', count: Number.POSITIVE_INFINITY },
      { tidings: 1, type: 'unread' },
      { tidings: 1, type: 'context', conversationId: 'c-1' },
      { tidings: 1, type: 'context', conversationId: '', created: false },
      { tidings: 1, type: 'error' },
      { tidings: 1, type: 'error', code: { toString: () => 'x' } },
    ])
      expect(parseFrameMessage(data), JSON.stringify(data) ?? String(data)).toBeNull();
  });
});

describe('configMessage', () => {
  const none = { context: null, title: null, members: null, link: null };

  it('carries only language and token mode for a plain inbox widget', () => {
    expect(configMessage(none, 'en', false)).toEqual({
      tidings: 1,
      type: 'config',
      lang: 'en',
      tokenMode: false,
    });
  });

  it('carries a context conversation’s attributes, trimmed, members as a list', () => {
    expect(
      configMessage(
        {
          context: ' erp:order:SO-2026-00817 ',
          title: 'Order SO-2026-00817',
          members: 'wang.fang, li.lei,,wang.fang ',
          link: 'https://erp.example.com/orders/SO-2026-00817',
        },
        'zh-CN',
        true,
      ),
    ).toEqual({
      tidings: 1,
      type: 'config',
      context: 'erp:order:SO-2026-00817',
      title: 'Order SO-2026-00817',
      members: ['wang.fang', 'li.lei'],
      link: 'https://erp.example.com/orders/SO-2026-00817',
      lang: 'zh-CN',
      tokenMode: true,
    });
  });

  it('leaves out blank attributes', () => {
    expect(
      configMessage({ context: '  ', title: '', members: ' , ', link: '' }, 'en', false),
    ).toEqual({ tidings: 1, type: 'config', lang: 'en', tokenMode: false });
  });
});

describe('parseMembers', () => {
  it('splits on commas, trims, drops empties and repeats', () => {
    expect(parseMembers(null)).toEqual([]);
    expect(parseMembers('')).toEqual([]);
    expect(parseMembers('a')).toEqual(['a']);
    expect(parseMembers(' a ,b,, a')).toEqual(['a', 'b']);
  });
});

describe('elementEventFor', () => {
  it('maps the frame’s news to the element’s events', () => {
    expect(elementEventFor({ type: 'state', signedIn: true, userId: 'u-1' }, 0)).toEqual({
      name: 'tidings-ready',
      detail: { userId: 'u-1' },
    });
    expect(elementEventFor({ type: 'signin-required' }, 0)).toEqual({
      name: 'tidings-signin-required',
      detail: {},
    });
    expect(elementEventFor({ type: 'context', conversationId: 'c-1', created: false }, 0)).toEqual({
      name: 'tidings-context',
      detail: { conversationId: 'c-1', created: false },
    });
    expect(elementEventFor({ type: 'error', code: 'widget.context_invalid' }, 0)).toEqual({
      name: 'tidings-error',
      detail: { code: 'widget.context_invalid' },
    });
  });

  it('tells unread only when the total changed', () => {
    expect(elementEventFor({ type: 'unread', count: 3 }, 0)).toEqual({
      name: 'tidings-unread',
      detail: { count: 3 },
    });
    expect(elementEventFor({ type: 'unread', count: 3 }, 3)).toBeNull();
    expect(elementEventFor({ type: 'unread', count: 0 }, 3)).toEqual({
      name: 'tidings-unread',
      detail: { count: 0 },
    });
  });

  it('raises nothing for what the element handles itself, nor for a signed-out state', () => {
    for (const type of ['ready', 'need-token', 'close'] as const)
      expect(elementEventFor({ type }, 0)).toBeNull();
    expect(elementEventFor({ type: 'state', signedIn: false }, 0)).toBeNull();
  });
});
