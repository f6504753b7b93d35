import { describe, expect, it } from 'vitest';
import { parseWebhookPayload, WebhookPayloadError } from './index';

const JSON_TYPE = 'application/json; charset=utf-8';
const FORM_TYPE = 'application/x-www-form-urlencoded';

function fails(body: unknown, contentType = JSON_TYPE): WebhookPayloadError {
  try {
    parseWebhookPayload(body, contentType);
  } catch (error) {
    if (error instanceof WebhookPayloadError) return error;
    throw error;
  }
  throw new Error('expected the payload to be refused');
}

describe('dialect detection', () => {
  it('reads a bare text as Slack mrkdwn, so Slack senders work unchanged', () => {
    const result = parseWebhookPayload({ text: 'deploy *done*' }, JSON_TYPE);
    expect(result.dialect).toBe('slack');
    expect(result.text).toBe('deploy **done**');
  });

  it('reads format: markdown or a card as native markdown', () => {
    const native = parseWebhookPayload({ format: 'markdown', text: 'deploy *done*' }, JSON_TYPE);
    expect(native).toMatchObject({ dialect: 'native', text: 'deploy *done*', card: null });
    expect(parseWebhookPayload({ card: { title: 'Hi' } }, JSON_TYPE)).toMatchObject({
      dialect: 'native',
      text: '',
      card: { title: 'Hi' },
    });
  });

  it('tells DingTalk from WeCom by their own fields', () => {
    const at = { msgtype: 'text', text: { content: 'hi' }, at: { isAtAll: true } };
    expect(parseWebhookPayload(at, JSON_TYPE)).toMatchObject({
      dialect: 'dingtalk',
      mentions: { all: true },
    });
    const wecom = { msgtype: 'markdown', markdown: { content: '**hi**' } };
    expect(parseWebhookPayload(wecom, JSON_TYPE).dialect).toBe('wecom');
    const ding = { msgtype: 'markdown', markdown: { title: 't', text: '**hi**' } };
    expect(parseWebhookPayload(ding, JSON_TYPE).dialect).toBe('dingtalk');
  });
});

describe('Slack mrkdwn', () => {
  const text = (mrkdwn: string) => parseWebhookPayload({ text: mrkdwn }, JSON_TYPE);

  it('converts bold and strike, keeps italics, Grafana-style **bold** and code', () => {
    expect(text('*a* _b_ ~c~ **d** `*e*`').text).toBe('**a** _b_ ~~c~~ **d** `*e*`');
    expect(text('2 * 3 * 4 and a*b*c').text).toBe('2 * 3 * 4 and a*b*c');
  });

  it('makes links of <url|label> and <url>, and text of unsafe or unknown targets', () => {
    expect(text('<https://example.com/a?b=1&amp;c=2|the *docs*>').text).toBe(
      '[the **docs**](https://example.com/a?b=1&c=2)',
    );
    expect(text('see <https://example.com>').text).toBe('see <https://example.com/>');
    expect(text('<javascript:alert(1)|click> <ftp://x|files>').text).toBe('click files');
    expect(text('mail <mailto:ops@example.com|ops>').text).toBe(
      'mail [ops](mailto:ops@example.com)',
    );
  });

  it('turns <!channel>, <!here> and <!everyone> into a neutralised @all and mentions.all', () => {
    for (const command of ['<!channel>', '<!here>', '<!everyone>', '<!here|here>']) {
      const result = text(`${command} deploy`);
      expect(result.text).toBe('@\u2060all deploy');
      expect(result.mentions.all).toBe(true);
    }
  });

  it('leaves Slack user and channel ids as text, and uses date/subteam fallbacks', () => {
    const result = text(
      '<@U123> in <#C42|general>, <!subteam^S1|@oncall> <!date^1700000000^{date}|Nov 14>',
    );
    expect(result.text).toBe('@\u2060U123 in #general, @\u2060oncall Nov 14');
    expect(result.mentions).toEqual({ all: false, usernames: [], mobiles: [], userIds: [] });
  });

  it('decodes entities and keeps brackets literal', () => {
    expect(text('a &lt;b&gt; &amp; [c](javascript:x)').text).toBe('a <b> & \\[c\\](javascript:x)');
  });

  it('treats text with mrkdwn: false as plain', () => {
    expect(parseWebhookPayload({ text: '*raw*', mrkdwn: false }, JSON_TYPE).text).toBe('\\*raw\\*');
  });

  it('makes the first titled attachment the card and the others text', () => {
    const result = parseWebhookPayload(
      {
        text: 'two alerts',
        attachments: [
          { title: 'First', color: 'warning', fields: [{ title: '', value: 'untitled field' }] },
          {
            title: 'Second',
            title_link: 'https://example.com/2',
            text: 'more',
            footer: 'src',
            ts: '0',
          },
        ],
      },
      JSON_TYPE,
    );
    expect(result.card).toEqual({ title: 'First', text: 'untitled field', accent: 'warning' });
    expect(result.text).toBe('two alerts\n\n**[Second](https://example.com/2)**\nmore\n_src_');
  });

  it('drops a link button whose URL is unsafe, and makes action ids unique', () => {
    const result = parseWebhookPayload(
      {
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Pick' } },
          {
            type: 'actions',
            elements: [
              { type: 'button', text: { type: 'plain_text', text: 'Bad' }, url: 'javascript:x' },
              { type: 'button', text: { type: 'plain_text', text: 'A' }, action_id: 'go' },
              { type: 'button', text: { type: 'plain_text', text: 'B' }, action_id: 'go' },
              { type: 'static_select', placeholder: { type: 'plain_text', text: 'x' } },
            ],
          },
        ],
      },
      JSON_TYPE,
    );
    expect(result.card?.actions).toEqual([
      { id: 'go', label: 'A' },
      { id: 'go-2', label: 'B' },
    ]);
  });

  it('renders simple blocks as text, images as links', () => {
    const result = parseWebhookPayload(
      {
        text: 'fallback only',
        blocks: [
          { type: 'section', text: { type: 'plain_text', text: '*literal*' } },
          { type: 'divider' },
          { type: 'image', image_url: 'https://img.example.com/x.png', alt_text: 'graph' },
          { type: 'rich_text', elements: [] },
        ],
      },
      JSON_TYPE,
    );
    expect(result).toMatchObject({
      card: null,
      text: '\\*literal\\*\n\n[graph](https://img.example.com/x.png)',
    });
  });
});

describe('the form encoding', () => {
  it('reads the JSON in the payload field', () => {
    const result = parseWebhookPayload({ payload: '{"text":"hi *there*"}' }, FORM_TYPE);
    expect(result).toMatchObject({ dialect: 'slack', text: 'hi **there**' });
  });

  it('accepts the URLSearchParams of the raw body', () => {
    const raw = `payload=${encodeURIComponent(JSON.stringify({ text: 'a & b' }))}`;
    expect(parseWebhookPayload(new URLSearchParams(raw), FORM_TYPE).text).toBe('a & b');
    expect(fails(new URLSearchParams('payload=1&payload=2'), FORM_TYPE).path).toBe('payload');
  });

  it("takes curl -d '{json}' (JSON sent under the form type) for the JSON it is", () => {
    const result = parseWebhookPayload({ '{"text":"hi"}': '' }, FORM_TYPE);
    expect(result.text).toBe('hi');
  });

  it('names the payload field when it is missing, repeated or not JSON', () => {
    expect(fails({ text: 'hi' }, FORM_TYPE)).toMatchObject({
      code: 'webhook.payload.invalid',
      path: 'payload',
    });
    expect(fails({ payload: ['{}', '{}'] }, FORM_TYPE).path).toBe('payload');
    expect(fails({ payload: '{"text":' }, FORM_TYPE).message).toMatch(/not valid JSON/);
  });
});

describe('errors name the field at fault', () => {
  it.each([
    ['a non-object body', [1, 2], '', 'webhook.payload.invalid'],
    ['an unknown shape', { hello: 'world' }, '', 'webhook.payload.unsupported'],
    ['an empty Slack message', { text: '' }, 'text', 'webhook.payload.invalid'],
    ['a wrong Slack type', { text: 5 }, 'text', 'webhook.payload.invalid'],
    [
      'a wrong attachment field',
      { attachments: [{ title: 'x' }, { fields: [{ title: 1 }] }] },
      'attachments[1].fields[0].title',
      'webhook.payload.invalid',
    ],
    [
      'a broken block',
      { blocks: [{ type: 'divider' }, { type: 'header', text: 'plain string' }] },
      'blocks[1].text',
      'webhook.payload.invalid',
    ],
    [
      'a button without a label',
      {
        blocks: [
          {
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: ' ' } }],
          },
        ],
      },
      'blocks[0].elements[0].text',
      'webhook.payload.invalid',
    ],
    [
      'an unknown msgtype',
      { msgtype: 'voice', voice: {} },
      'msgtype',
      'webhook.payload.unsupported',
    ],
    [
      'a msgtype without its object',
      { msgtype: 'markdown' },
      'markdown',
      'webhook.payload.invalid',
    ],
    [
      'a DingTalk markdown without text',
      { msgtype: 'markdown', markdown: { title: 'x' }, at: {} },
      'markdown.text',
      'webhook.payload.invalid',
    ],
    [
      'an actionCard button to a non-web URL',
      {
        msgtype: 'actionCard',
        actionCard: {
          title: 't',
          btns: [
            { title: 'ok', actionURL: 'https://x.example' },
            { title: 'no', actionURL: 'javascript:x' },
          ],
        },
      },
      'actionCard.btns[1].actionURL',
      'webhook.payload.invalid',
    ],
    [
      'an actionCard without buttons',
      { msgtype: 'actionCard', actionCard: { title: 't', text: 'x' } },
      'actionCard',
      'webhook.payload.invalid',
    ],
    [
      'bad at.atMobiles',
      { msgtype: 'text', text: { content: 'x' }, at: { atMobiles: 'x' } },
      'at.atMobiles',
      'webhook.payload.invalid',
    ],
    [
      'an empty feedCard',
      { msgtype: 'feedCard', feedCard: { links: [] } },
      'feedCard.links',
      'webhook.payload.invalid',
    ],
    [
      'a link to data:',
      { msgtype: 'link', link: { title: 't', messageUrl: 'data:x' } },
      'link.messageUrl',
      'webhook.payload.invalid',
    ],
    [
      'a native card without title',
      { card: { fields: [] } },
      'card.title',
      'webhook.payload.invalid',
    ],
    [
      'a native action URL that is not web',
      { card: { title: 't', actions: [{ id: 'a', label: 'A', url: 'javascript:alert(1)' }] } },
      'card.actions[0].url',
      'webhook.payload.invalid',
    ],
    [
      'duplicate native action ids',
      {
        card: {
          title: 't',
          actions: [
            { id: 'a', label: 'A' },
            { id: 'a', label: 'B' },
          ],
        },
      },
      'card.actions[1].id',
      'webhook.payload.invalid',
    ],
    [
      'a bad native accent',
      { card: { title: 't', accent: 'red' } },
      'card.accent',
      'webhook.payload.invalid',
    ],
    ['a native typo', { format: 'markdown', text: 'x', cards: {} }, '', 'webhook.payload.invalid'],
    [
      'native with nothing to show',
      { format: 'markdown', text: ' ' },
      'text',
      'webhook.payload.invalid',
    ],
  ])('%s', (_name, body, path, code) => {
    const error = fails(body);
    expect({ path: error.path, code: error.code }).toEqual({ path, code });
    expect(error.message).not.toBe('');
  });

  it('refuses a content type it cannot read, naming the header', () => {
    expect(fails({ text: 'x' }, 'text/plain')).toMatchObject({
      code: 'webhook.payload.unsupported',
      path: 'Content-Type',
    });
    expect(parseWebhookPayload({ text: 'x' }, 'application/vnd.api+json').text).toBe('x');
    expect(parseWebhookPayload({ text: 'x' }, '').text).toBe('x');
  });
});

describe('native', () => {
  it('accepts a #rgb-less hex accent, lower-cased, and normalises card URLs', () => {
    const result = parseWebhookPayload(
      { card: { title: 't', accent: '#FFAA00', url: 'HTTPS://Example.com/A B' } },
      JSON_TYPE,
    );
    expect(result.card).toEqual({
      title: 't',
      accent: '#ffaa00',
      url: 'https://example.com/A%20B',
    });
  });

  it('neutralises mentions in card text and fields; usernames come from mentions only', () => {
    const result = parseWebhookPayload(
      {
        text: 'hi @bob',
        mentions: { usernames: ['@Alice'], all: true },
        card: { title: 't', text: '@all', fields: [{ title: 'who', value: '@carol' }] },
      },
      JSON_TYPE,
    );
    expect(result.text).toBe('hi @\u2060bob');
    expect(result.card?.text).toBe('@\u2060all');
    expect(result.card?.fields?.[0]?.value).toBe('@\u2060carol');
    expect(result.mentions).toEqual({ all: true, usernames: ['alice'], mobiles: [], userIds: [] });
  });
});
