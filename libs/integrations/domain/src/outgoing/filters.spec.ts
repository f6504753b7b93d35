import { describe, expect, it } from 'vitest';
import { eventPatternProblem, matchesEventPatterns } from './event-patterns';
import { matchesTriggerWords, subscriptionReceives, type SubscriptionRule } from './filters';

const BOT = 'bot-1';
const rule = (over: Partial<SubscriptionRule> = {}): SubscriptionRule => ({
  events: ['messaging.message.sent'],
  filters: {},
  botId: BOT,
  webhookId: null,
  ...over,
});
const sent = (data: Record<string, unknown>) => ({
  type: 'messaging.message.sent',
  data: { conversationId: 'c1', senderId: 'u1', text: 'hello', mentions: [], ...data },
});

describe('event patterns', () => {
  it('match exact types and prefixes', () => {
    expect(matchesEventPatterns(['messaging.message.sent'], 'messaging.message.sent')).toBe(true);
    expect(matchesEventPatterns(['messaging.message.sent'], 'messaging.message.edited')).toBe(
      false,
    );
    expect(matchesEventPatterns(['directory.*'], 'directory.user.created')).toBe(true);
    expect(matchesEventPatterns(['directory.*'], 'directoryx.user.created')).toBe(false);
    expect(matchesEventPatterns(['messaging.member.*'], 'messaging.member.joined')).toBe(true);
  });

  it('never match delivery outcomes, whatever the pattern', () => {
    expect(matchesEventPatterns(['integrations.*'], 'integrations.delivery.failed')).toBe(false);
    expect(matchesEventPatterns(['integrations.*'], 'integrations.webhook.received')).toBe(true);
  });

  it('explain what cannot be subscribed to', () => {
    expect(eventPatternProblem('messaging.message.sent')).toBeNull();
    expect(eventPatternProblem('directory.*')).toBeNull();
    expect(eventPatternProblem('messaging.message.snet')).toMatch(/unknown event type/);
    expect(eventPatternProblem('billing.*')).toMatch(/no event type starts with billing\./);
    expect(eventPatternProblem('Messaging.*')).toMatch(/expected an event type/);
    expect(eventPatternProblem('*')).toMatch(/expected an event type/);
    expect(eventPatternProblem('integrations.delivery.*')).toMatch(/not delivered/);
    expect(eventPatternProblem('integrations.delivery.succeeded')).toMatch(/not delivered/);
  });
});

describe('trigger words', () => {
  it('match whole words anywhere, ignoring case', () => {
    expect(matchesTriggerWords('please Deploy prod', ['deploy'])).toBe(true);
    expect(matchesTriggerWords('deploy!', ['deploy'])).toBe(true);
    expect(matchesTriggerWords('we redeployed it', ['deploy'])).toBe(false);
    expect(matchesTriggerWords('deployment', ['deploy'])).toBe(false);
    expect(matchesTriggerWords('a redeploy, then deploy', ['deploy'])).toBe(true);
    expect(matchesTriggerWords('nothing here', ['deploy', 'release'])).toBe(false);
    expect(matchesTriggerWords('cut a release', ['deploy', 'release'])).toBe(true);
  });

  it('match words of unspaced scripts wherever they occur', () => {
    expect(matchesTriggerWords('请部署到生产环境', ['部署'])).toBe(true);
    expect(matchesTriggerWords('请审批我的请假', ['审批'])).toBe(true);
    expect(matchesTriggerWords('没有关键词', ['部署'])).toBe(false);
  });

  it('with `start`, match only as the first word', () => {
    expect(matchesTriggerWords('  deploy prod', ['deploy'], 'start')).toBe(true);
    expect(matchesTriggerWords('please deploy', ['deploy'], 'start')).toBe(false);
    expect(matchesTriggerWords('deployed', ['deploy'], 'start')).toBe(false);
    expect(matchesTriggerWords('部署生产', ['部署'], 'start')).toBe(true);
  });
});

describe('subscriptionReceives', () => {
  it('takes the events subscribed to, and nothing else', () => {
    expect(subscriptionReceives(rule(), sent({}))).toBe(true);
    expect(subscriptionReceives(rule(), { type: 'messaging.message.edited', data: {} })).toBe(
      false,
    );
  });

  it('filters by conversation where the event has one', () => {
    const r = rule({
      events: ['messaging.*', 'directory.*'],
      filters: { conversationIds: ['c2'] },
    });
    expect(subscriptionReceives(r, sent({ conversationId: 'c1' }))).toBe(false);
    expect(subscriptionReceives(r, sent({ conversationId: 'c2' }))).toBe(true);
    expect(subscriptionReceives(r, { type: 'directory.user.created', data: { userId: 'u' } })).toBe(
      true,
    );
  });

  it('filters messages by trigger word, leaving events without text alone', () => {
    const r = rule({
      events: ['messaging.message.sent', 'messaging.member.joined'],
      filters: { triggerWords: ['deploy'] },
    });
    expect(subscriptionReceives(r, sent({ text: 'deploy web' }))).toBe(true);
    expect(subscriptionReceives(r, sent({ text: 'lunch?' }))).toBe(false);
    expect(
      subscriptionReceives(r, {
        type: 'messaging.member.joined',
        data: { conversationId: 'c1', userId: 'u2' },
      }),
    ).toBe(true);
  });

  it('with mentionsOnly, takes only messages mentioning its bot', () => {
    const r = rule({ filters: { mentionsOnly: true } });
    expect(subscriptionReceives(r, sent({ mentions: [BOT] }))).toBe(true);
    expect(subscriptionReceives(r, sent({ mentions: ['someone-else'] }))).toBe(false);
    expect(subscriptionReceives({ ...r, botId: null }, sent({ mentions: [BOT] }))).toBe(false);
  });

  it("does not echo its own bot's messages", () => {
    expect(subscriptionReceives(rule(), sent({ senderId: BOT }))).toBe(false);
    expect(
      subscriptionReceives(rule({ events: ['messaging.message.edited'] }), {
        type: 'messaging.message.edited',
        data: { conversationId: 'c1', editorId: BOT, text: 'x', mentions: [] },
      }),
    ).toBe(false);
  });

  it("delivers a card action only to the card sender's subscription", () => {
    const action = (senderId: string) => ({
      type: 'integrations.card.action',
      data: { conversationId: 'c1', senderId, actionId: 'approve' },
    });
    const r = rule({ events: ['integrations.*'] });
    expect(subscriptionReceives(r, action(BOT))).toBe(true);
    expect(subscriptionReceives(r, action('other-bot'))).toBe(false);
    const hook = rule({ events: ['integrations.card.action'], botId: null, webhookId: 'wh-1' });
    expect(subscriptionReceives(hook, action('wh-1'))).toBe(true);
    expect(subscriptionReceives(hook, action(BOT))).toBe(false);
  });
});
