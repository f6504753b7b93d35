import { describe, expect, it } from 'vitest';
import {
  attemptOutcome,
  checkBot,
  checkSubscription,
  checkToken,
  checkWebhook,
  DEFAULT_TOKEN_SCOPES,
  deliveryDetailOf,
  EMPTY_SUBSCRIPTION,
  EMPTY_WEBHOOK,
  prettyBody,
  splitList,
} from './integration-forms';

describe('the console forms', () => {
  it('splits lists on lines and commas (Chinese commas too), without blanks or repeats', () => {
    expect(splitList(' deploy, 发布，deploy\n\n ops ')).toEqual(['deploy', '发布', 'ops']);
    expect(splitList('')).toEqual([]);
  });

  it('builds a webhook from the form, allowlist only when given', () => {
    expect(
      checkWebhook({ ...EMPTY_WEBHOOK, displayName: ' Grafana ', conversations: ['c1', 'c2'] }),
    ).toEqual({
      ok: true,
      value: { conversations: ['c1', 'c2'], displayName: 'Grafana', auth: 'url' },
    });
    expect(
      checkWebhook({
        displayName: 'CI',
        auth: 'standard',
        conversations: ['c1'],
        ipAllowlist: '10.0.0.0/8\n192.0.2.7',
      }),
    ).toEqual({
      ok: true,
      value: {
        conversations: ['c1'],
        displayName: 'CI',
        auth: 'standard',
        ipAllowlist: ['10.0.0.0/8', '192.0.2.7'],
      },
    });
  });

  it('names what a webhook is missing', () => {
    expect(checkWebhook(EMPTY_WEBHOOK)).toEqual({
      ok: false,
      problems: [
        { field: 'displayName', message: 'integrations.form.displayNameRequired' },
        { field: 'conversations', message: 'integrations.form.conversationRequired' },
      ],
    });
    const many = Array.from({ length: 21 }, (_, i) => `c${i}`);
    const check = checkWebhook({
      ...EMPTY_WEBHOOK,
      displayName: 'x'.repeat(81),
      conversations: many,
    });
    expect(check.ok ? [] : check.problems.map((p) => p.message)).toEqual([
      'integrations.form.displayNameTooLong',
      'integrations.form.tooManyConversations',
    ]);
  });

  it('builds an HTTP subscription with its filters, leaving out what is not set', () => {
    expect(
      checkSubscription({
        ...EMPTY_SUBSCRIPTION,
        name: ' ERP ',
        url: 'http://127.0.0.1:4000/events',
        events: 'messaging.message.sent\ndirectory.*',
      }),
    ).toEqual({
      ok: true,
      value: {
        name: 'ERP',
        mode: 'http',
        url: 'http://127.0.0.1:4000/events',
        events: ['messaging.message.sent', 'directory.*'],
      },
    });
    expect(
      checkSubscription({
        ...EMPTY_SUBSCRIPTION,
        name: 'OA',
        mode: 'socket',
        url: 'ignored in socket mode',
        botId: 'bot-1',
        conversationIds: ['c1'],
        webhookId: 'hook-1',
        triggerWords: '审批, approve',
        triggerAt: 'start',
        mentionsOnly: true,
        ordered: true,
      }),
    ).toEqual({
      ok: true,
      value: {
        name: 'OA',
        mode: 'socket',
        botId: 'bot-1',
        webhookId: 'hook-1',
        events: ['messaging.message.sent'],
        filters: {
          conversationIds: ['c1'],
          triggerWords: ['审批', 'approve'],
          triggerAt: 'start',
          mentionsOnly: true,
        },
        ordered: true,
      },
    });
    // Where a trigger word counts matters only with trigger words.
    const check = checkSubscription({
      ...EMPTY_SUBSCRIPTION,
      name: 'x',
      url: 'https://erp.example.com/events',
      triggerAt: 'start',
    });
    expect(check.ok && check.value.filters).toBe(undefined);
  });

  it('names what a subscription gets wrong', () => {
    const messages = (form: Parameters<typeof checkSubscription>[0]) => {
      const check = checkSubscription(form);
      return check.ok ? [] : check.problems.map((p) => `${p.field}:${p.message}`);
    };
    expect(messages({ ...EMPTY_SUBSCRIPTION, events: '' })).toEqual([
      'name:integrations.form.nameRequired',
      'url:integrations.form.urlRequired',
      'events:integrations.form.eventsRequired',
    ]);
    expect(
      messages({
        ...EMPTY_SUBSCRIPTION,
        name: 'x',
        url: 'ftp://example.com',
        events: 'Messaging sent',
        mentionsOnly: true,
      }),
    ).toEqual([
      'url:integrations.form.urlInvalid',
      'events:integrations.form.eventsInvalid',
      'mentionsOnly:integrations.form.mentionsNeedBot',
    ]);
    expect(messages({ ...EMPTY_SUBSCRIPTION, name: 'x', mode: 'socket' })).toEqual([
      'botId:integrations.form.socketNeedsBot',
    ]);
  });

  it("checks a bot's username as the server does", () => {
    expect(checkBot({ username: 'oa-bot', displayName: ' OA 审批 ' })).toEqual({
      ok: true,
      value: { username: 'oa-bot', displayName: 'OA 审批' },
    });
    expect(checkBot({ username: 'ci', displayName: '' }).ok).toBe(false);
    expect(checkBot({ username: 'Capital', displayName: '' }).ok).toBe(false);
    expect(checkBot({ username: 'ci.bot', displayName: '' })).toEqual({
      ok: true,
      value: { username: 'ci.bot' },
    });
  });

  it('asks a token for at least one scope and an expiry in whole days', () => {
    expect(
      checkToken({ scopes: ['messaging.write', 'connectors.use'], expiresInDays: '' }),
    ).toEqual({
      ok: true,
      value: { scopes: ['connectors.use', 'messaging.write'], expiresInDays: null },
    });
    expect(checkToken({ scopes: ['messaging.read'], expiresInDays: ' 30 ' })).toEqual({
      ok: true,
      value: { scopes: ['messaging.read'], expiresInDays: 30 },
    });
    const bad = checkToken({ scopes: [], expiresInDays: '1.5' });
    expect(bad.ok ? [] : bad.problems.map((p) => p.field)).toEqual(['scopes', 'expiresInDays']);
    expect(checkToken({ scopes: ['messaging.read'], expiresInDays: '3651' }).ok).toBe(false);
  });

  it('leaves the widget token scope unticked unless chosen, and keeps it when chosen', () => {
    expect(DEFAULT_TOKEN_SCOPES).not.toContain('widget.tokens.issue');
    expect(DEFAULT_TOKEN_SCOPES).toEqual([
      'connectors.use',
      'messaging.read',
      'messaging.write',
      'directory.read',
    ]);
    const chosen = checkToken({
      scopes: ['widget.tokens.issue', 'messaging.read'],
      expiresInDays: '',
    });
    expect(chosen.ok ? chosen.value.scopes : []).toEqual(['messaging.read', 'widget.tokens.issue']);
  });
});

describe('the delivery log', () => {
  const view = {
    id: 'msg_1',
    subscriptionId: 's1',
    eventId: 'e1',
    eventType: 'messaging.message.sent',
    status: 'succeeded',
    nextAttemptAt: null,
    lastStatusCode: 200,
    lastError: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    succeededAt: '2026-01-01T00:00:05.000Z',
  };
  const attempt = (number: number, statusCode: number | null, error: string | null = null) => ({
    number,
    startedAt: '2026-01-01T00:00:00.000Z',
    requestHeaders: { 'webhook-id': 'msg_1' },
    requestBody: { type: 'messaging.message.sent' },
    statusCode,
    error,
    latencyMs: 12,
    responseBody: null,
  });

  it('reads the attempts whether they replace the count or sit beside it', () => {
    const replaced = deliveryDetailOf({ ...view, attempts: [attempt(2, 200), attempt(1, 500)] });
    expect(replaced.attempts).toBe(2);
    expect(replaced.attemptList.map((a) => a.number)).toEqual([1, 2]);
    const beside = deliveryDetailOf({ ...view, attempts: 2, attemptList: [attempt(1, 500)] });
    expect(beside.attempts).toBe(2);
    expect(beside.attemptList).toHaveLength(1);
    expect(deliveryDetailOf({ ...view, attempts: 0 }).attemptList).toEqual([]);
  });

  it("says each attempt's outcome and shows bodies readably", () => {
    expect(attemptOutcome(attempt(1, 500))).toBe('500');
    expect(attemptOutcome(attempt(1, null, 'timeout after 10000 ms'))).toBe(
      'timeout after 10000 ms',
    );
    expect(attemptOutcome(attempt(1, null))).toBe('—');
    expect(prettyBody('{"ok":true}')).toBe('{\n  "ok": true\n}');
    expect(prettyBody('not json')).toBe('not json');
    expect(prettyBody({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(prettyBody(null)).toBe('');
  });
});
