import { DomainError, ForbiddenError, NotFoundError } from '@tidings/platform/errors';
import { describe, expect, it } from 'vitest';
import { slackError } from './slack-errors';
import { chatPostMessageBody, slackMessageOf } from './slack-post';

const body = (value: unknown) => chatPostMessageBody.parse(value);

/** Catches what `run` throws (it must throw). */
function thrown(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe("chat.postMessage's arguments", () => {
  it('turns Slack mrkdwn into Tidings markdown, neutralising mentions', () => {
    const message = slackMessageOf(
      body({ channel: '#ops', text: '*Deploy* of <https://ci.example.com/1|build 1> by @alice' }),
    );
    expect(message).toMatchObject({ channel: '#ops', card: null, threadRootId: null });
    expect(message.text).toBe('**Deploy** of [build 1](https://ci.example.com/1) by @\u2060alice');
  });

  it('makes Block Kit a card, the text (Slack: for notifications) its summary', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Leave request' } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Days:*\n3' }] },
    ];
    const asArray = slackMessageOf(body({ channel: 'c1', text: 'Leave', blocks, thread_ts: 'm1' }));
    expect(asArray).toEqual({
      channel: 'c1',
      text: 'Leave request',
      card: { title: 'Leave request', fields: [{ title: 'Days', value: '3', short: true }] },
      threadRootId: 'm1',
    });
    // Older SDKs send blocks as a JSON string: the same message.
    const asString = slackMessageOf(
      body({ channel: 'c1', text: 'Leave', blocks: JSON.stringify(blocks), thread_ts: 'm1' }),
    );
    expect(asString).toEqual(asArray);
  });

  it('refuses an empty message and a broken block, naming the field', () => {
    expect(thrown(() => slackMessageOf(body({ channel: 'c1' })))).toMatchObject({
      code: 'connect.message.empty',
      kind: 'unprocessable',
    });
    const broken = thrown(() =>
      slackMessageOf(body({ channel: 'c1', blocks: [{ type: 'header', text: { text: 7 } }] })),
    );
    expect(broken).toMatchObject({ code: 'connect.message.invalid', kind: 'invalid' });
    expect(broken.issues?.[0]?.path).toMatch(/^body\.blocks/);
    expect(
      thrown(() => slackMessageOf(body({ channel: 'c1', attachments: '[not json' }))).issues,
    ).toEqual([{ path: 'body.attachments', message: 'not valid JSON' }]);
  });
});

describe('Slack-shaped errors', () => {
  it.each([
    [new NotFoundError('messaging.conversation.not_found', 'x'), 404, 'channel_not_found'],
    [new ForbiddenError('auth.forbidden', 'x'), 403, 'missing_scope'],
    [new DomainError('messaging.conversation.not_member', 'forbidden', 'x'), 403, 'not_in_channel'],
    [new DomainError('messaging.whatever', 'conflict', 'x'), 409, 'messaging.whatever'],
    [new Error('boom'), 500, 'internal'],
  ])('answers %s with its status and Slack error', (error, status, slack) => {
    expect(slackError(error)).toMatchObject({ status, body: { ok: false, error: slack } });
  });

  it('tells broken attachments from broken blocks', () => {
    const error = new DomainError('connect.message.invalid', 'invalid', 'x', {
      issues: [{ path: 'body.attachments[0].fields', message: 'x' }],
    });
    expect(slackError(error).body.error).toBe('invalid_attachments');
  });
});
