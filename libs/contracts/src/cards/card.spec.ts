import { describe, expect, it } from 'vitest';
import { cardSchema, isSafeCardUrl, type Card } from './card';

/** The issues of a card the schema refuses, as `path: message` lines (none: accepted). */
function issues(card: unknown): string[] {
  const result = cardSchema.safeParse(card);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const leave: Card = {
  title: 'Leave request: 王芳, 3 days',
  text: '**From** 2026-03-02 **to** 2026-03-04',
  accent: 'info',
  fields: [{ title: 'Type', value: 'Annual', short: true }],
  actions: [
    { id: 'approve', label: 'Approve', style: 'primary' },
    { id: 'reject', label: 'Reject', style: 'danger' },
    { id: 'open', label: 'Open in OA', url: 'https://oa.example.com/leave/17' },
  ],
  inputs: [
    {
      type: 'select',
      id: 'delegate',
      label: 'Delegate to',
      options: [
        { value: 'u-li', label: '李雷' },
        { value: 'u-han', label: '韩梅梅' },
      ],
      placeholder: 'Nobody',
    },
    { type: 'text', id: 'comment', label: 'Comment', multiline: true, maxLength: 500 },
  ],
  footer: 'OA · 14:02',
};

describe('card schema', () => {
  it('accepts a card with actions, a select and a text input', () => {
    expect(issues(leave)).toEqual([]);
    expect(cardSchema.parse(leave)).toEqual(leave);
  });

  it('keeps cards without inputs valid (what the webhook dialects produce)', () => {
    expect(issues({ title: 'Deploy finished', accent: '#36A64F' })).toEqual([]);
    expect(cardSchema.parse({ title: 'x', accent: '#36A64F' }).accent).toBe('#36a64f');
  });

  it('refuses two actions, two inputs or two options with one id, naming the second', () => {
    expect(
      issues({
        title: 't',
        actions: [
          { id: 'ok', label: 'OK' },
          { id: 'ok', label: 'Also OK' },
        ],
      }),
    ).toEqual(['actions.1.id: duplicate action id']);
    expect(
      issues({
        title: 't',
        inputs: [
          { type: 'text', id: 'why', label: 'Why' },
          { type: 'text', id: 'why', label: 'Why again' },
        ],
      }),
    ).toEqual(['inputs.1.id: duplicate input id']);
    expect(
      issues({
        title: 't',
        inputs: [
          {
            type: 'select',
            id: 'pick',
            label: 'Pick',
            options: [
              { value: 'a', label: 'A' },
              { value: 'a', label: 'Also A' },
            ],
          },
        ],
      }),
    ).toEqual(['inputs.0.options.1.value: duplicate option value']);
  });

  it('refuses an input named like an action: a click could not tell them apart', () => {
    expect(
      issues({
        title: 't',
        actions: [{ id: 'approve', label: 'Approve' }],
        inputs: [{ type: 'text', id: 'approve', label: 'Approve?' }],
      }),
    ).toEqual(['inputs.0.id: an input id must differ from every action id']);
  });

  it('bounds inputs: at most 10, 1–50 options, maxLength up to 2000, known types only', () => {
    const text = (n: number) => ({ type: 'text', id: `t${n}`, label: `T${n}` });
    expect(issues({ title: 't', inputs: Array.from({ length: 10 }, (_, n) => text(n)) })).toEqual(
      [],
    );
    expect(issues({ title: 't', inputs: Array.from({ length: 11 }, (_, n) => text(n)) })).toEqual([
      expect.stringMatching(/^inputs: /),
    ]);
    const select = (count: number) => ({
      title: 't',
      inputs: [
        {
          type: 'select',
          id: 's',
          label: 'S',
          options: Array.from({ length: count }, (_, n) => ({ value: `v${n}`, label: `V${n}` })),
        },
      ],
    });
    expect(issues(select(50))).toEqual([]);
    expect(issues(select(0))).toEqual([expect.stringMatching(/^inputs\.0\.options: /)]);
    expect(issues(select(51))).toEqual([expect.stringMatching(/^inputs\.0\.options: /)]);
    const long = (maxLength: number) => ({
      title: 't',
      inputs: [{ type: 'text', id: 'c', label: 'C', maxLength }],
    });
    expect(issues(long(2000))).toEqual([]);
    expect(issues(long(2001))).toEqual([expect.stringMatching(/^inputs\.0\.maxLength: /)]);
    expect(issues(long(0))).toEqual([expect.stringMatching(/^inputs\.0\.maxLength: /)]);
    expect(issues({ title: 't', inputs: [{ type: 'date', id: 'd', label: 'D' }] })).toEqual([
      expect.stringMatching(/^inputs\.0\.type: /),
    ]);
    expect(issues({ title: 't', inputs: [{ type: 'text', id: ' ', label: 'L' }] })).toEqual([
      expect.stringMatching(/^inputs\.0\.id: /),
    ]);
  });

  it('refuses links a reader could not trust, wherever they are', () => {
    expect(issues({ title: 't', url: 'javascript:alert(1)' })).toEqual([
      'url: must be an http(s) or mailto URL',
    ]);
    expect(
      issues({ title: 't', actions: [{ id: 'x', label: 'X', url: 'data:text/html,hi' }] }),
    ).toEqual(['actions.0.url: must be an http(s) or mailto URL']);
  });
});

describe('isSafeCardUrl', () => {
  it('takes web and mail links, and the DingTalk wrapper around one', () => {
    for (const url of [
      'https://example.com/a b',
      ' HTTP://Example.com ',
      'mailto:ops@example.com',
      'dingtalk://dingtalkclient/page/link?url=https%3A%2F%2Foa.example.com%2Fx&pc_slide=true',
    ])
      expect(isSafeCardUrl(url), url).toBe(true);
  });

  it('refuses every other scheme, relative paths and garbage', () => {
    for (const url of [
      'javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      '/relative/path',
      '//evil.example.com',
      'not a url',
      '',
      'dingtalk://dingtalkclient/page/link?url=javascript%3Aalert(1)',
      'dingtalk://dingtalkclient/action/sendmsg?dingtalk_id=x',
    ])
      expect(isSafeCardUrl(url), url).toBe(false);
  });
});
