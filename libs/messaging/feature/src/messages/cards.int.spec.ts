import { randomUUID } from 'node:crypto';
import {
  messageCardUpdatedV1,
  webhookReceivedV1,
  type Card,
  type EventEnvelope,
  type MessageCardUpdatedV1,
} from '@tidings/contracts';
import { createEnvelope, type EventBus, type TransactionRunner } from '@tidings/platform/bus';
import { databaseFlavours } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageView } from '../api/views';
import type { Caller } from '../caller';
import { IntegrationCards } from '../integrations/integration-cards';
import { WebhookMessagesConsumer } from '../integrations/webhook-messages.consumer';
import { DEFAULT_LIMITS } from '../messaging-options';
import { openMessagingHarness, type MessagingHarness } from '../testing/messaging-harness';
import { CardActions } from './card.actions';

const request: Card = {
  title: 'Leave request: 王芳, 3 days',
  accent: 'info',
  fields: [{ title: 'From', value: '2026-03-02', short: true }],
  actions: [
    { id: 'approve', label: 'Approve', style: 'primary' },
    { id: 'reject', label: 'Reject', style: 'danger' },
  ],
  inputs: [{ type: 'text', id: 'comment', label: 'Comment', multiline: true }],
};
const approved = (by: string): Card => ({
  title: 'Leave request: 王芳, 3 days',
  accent: 'success',
  text: `Approved by ${by}`,
});

/** Cards on messages through the actions, on both databases: send, update, versions, events. */
describe.each(databaseFlavours)('message cards on %s', (flavour) => {
  let h: MessagingHarness;
  let cards: CardActions;
  let integration: IntegrationCards;
  let alice: Caller;
  let bob: Caller;
  let stranger: Caller;
  let bot: Caller;
  let channelId: string;
  let privateId: string;

  beforeAll(async () => {
    h = await openMessagingHarness(flavour);
    cards = new CardActions(h.runner);
    integration = new IntegrationCards(h.dataSource, cards);
    [alice, bob, stranger] = await Promise.all(
      ['alice', 'bob', 'stranger'].map((name) => h.person(randomUUID(), name)),
    );
    const botId = randomUUID();
    await h.person(botId, 'oa-bot');
    bot = { id: botId, kind: 'bot', senderKind: 'bot', moderator: false };
    channelId = (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'public',
        name: 'approvals',
        memberIds: [bob.id, bot.id],
      })
    ).conversation.id;
    privateId = (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'private',
        name: 'managers',
        memberIds: [bot.id],
      })
    ).conversation.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  const view = async (id: string) => messageView(await h.queries.message(id, alice.id));
  const principal = (caller: Caller, username: string) => ({
    kind: 'user' as const,
    userId: caller.id,
    username,
    roles: ['user'],
  });

  it('sends a card (the text may be empty) and shows it in history and the sent event', async () => {
    const id = await h.messages.send(bot, channelId, { text: '', card: request });
    const plain = await h.messages.send(bob, channelId, { text: 'no card here' });
    const page = await h.queries.history(alice, channelId, { limit: 50 });
    const shown = page.items.map(messageView);
    expect(shown.find((m) => m.id === id)).toMatchObject({
      text: '',
      kind: 'bot',
      card: request,
      cardVersion: 1,
    });
    expect(shown.find((m) => m.id === plain)).toMatchObject({ card: null, cardVersion: 0 });
    const sent = await h.events<{ messageId: string }>('messaging.message.sent');
    expect(sent.find((e) => e.messageId === id)).toMatchObject({ card: request, cardVersion: 1 });
    const without = sent.find((e) => e.messageId === plain);
    expect(without).not.toHaveProperty('card');
    expect(without).not.toHaveProperty('cardVersion');
    // No text, no file and no card is still nothing.
    await expect(h.messages.send(bot, channelId, { text: ' ', card: null })).rejects.toMatchObject({
      code: 'messaging.message.empty',
    });
  });

  it('bumps the version per update and refuses a stale ifVersion with 409', async () => {
    const id = await h.messages.send(bot, channelId, { text: 'Leave request', card: request });
    expect(await cards.update(bot, id, approved('王芳'), 1)).toEqual({
      messageId: id,
      conversationId: channelId,
      card: approved('王芳'),
      cardVersion: 2,
    });
    expect((await cards.update(bot, id, approved('李雷'))).cardVersion).toBe(3);
    await expect(cards.update(bot, id, request, 1)).rejects.toMatchObject({
      code: 'card_version_conflict',
      kind: 'conflict',
      details: { cardVersion: 3 },
    });
    expect(await view(id)).toMatchObject({
      text: 'Leave request',
      card: approved('李雷'),
      cardVersion: 3,
    });
    // A message that had no card gets its first one as version 1.
    const bare = await h.messages.send(bot, channelId, { text: 'card follows' });
    expect((await cards.update(bot, bare, request, 0)).cardVersion).toBe(1);
  });

  it('lets one of two updates from the same version win', async () => {
    const id = await h.messages.send(bot, channelId, { text: '', card: request });
    const results = await Promise.allSettled([
      cards.updateAsSender(bot.id, id, approved('A'), 1),
      cards.updateAsSender(bot.id, id, approved('B'), 1),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (r.reason as { code: string }).code)).toEqual(['card_version_conflict']);
    expect((await view(id)).cardVersion).toBe(2);
  });

  it('refuses anyone but the sender: 403 to a reader, 404 to one who cannot read it', async () => {
    const id = await h.messages.send(bot, channelId, { text: '', card: request });
    await expect(cards.update(alice, id, approved('alice'))).rejects.toMatchObject({
      code: 'messaging.message.not_author',
      kind: 'forbidden',
    });
    const hidden = await h.messages.send(bot, privateId, { text: '', card: request });
    await expect(cards.update(stranger, hidden, approved('x'))).rejects.toMatchObject({
      code: 'messaging.message.not_found',
      kind: 'not_found',
    });
    await expect(cards.update(bot, randomUUID(), request)).rejects.toMatchObject({
      code: 'messaging.message.not_found',
    });
    await expect(cards.updateAsSender(bob.id, id, request)).rejects.toMatchObject({
      code: 'messaging.message.not_author',
    });
    expect((await view(id)).cardVersion).toBe(1);
  });

  it('publishes card_updated through the outbox to the bus', async () => {
    const id = await h.messages.send(bot, channelId, { text: '', card: request });
    const seen = delivered(h.bus, (e) => e.messageId === id);
    await cards.update(bot, id, approved('王芳'), 1);
    const event = await seen.next;
    expect(event.data).toEqual({
      conversationId: channelId,
      messageId: id,
      card: approved('王芳'),
      cardVersion: 2,
      actor: { kind: 'bot', id: bot.id },
    });
    expect(event).toMatchObject({ key: channelId, actor: { kind: 'bot', id: bot.id } });
    await seen.close();
    const stored = await h.events<MessageCardUpdatedV1>(messageCardUpdatedV1.type);
    expect(stored.filter((e) => e.messageId === id).map((e) => e.cardVersion)).toEqual([2]);
  });

  it('keeps the card through a text edit, drops it with the message', async () => {
    const id = await h.messages.send(bot, channelId, { text: 'Leave request', card: request });
    await h.messages.edit(bot, id, 'Leave request (updated)');
    await h.messages.edit(bot, id, ''); // the card carries the message
    expect(await view(id)).toMatchObject({ text: '', card: request, cardVersion: 1 });
    const plain = await h.messages.send(bot, channelId, { text: 'plain' });
    await expect(h.messages.edit(bot, plain, ' ')).rejects.toMatchObject({
      code: 'messaging.message.empty',
    });
    await h.messages.delete(bot, id);
    expect(await view(id)).toMatchObject({ deleted: true, card: null });
    await expect(cards.update(bot, id, request)).rejects.toMatchObject({
      code: 'messaging.message.deleted',
    });
    expect(await integration.cardOf(id, principal(bob, 'bob'))).toMatchObject({ card: null });
  });

  it('stores the card a webhook posted, which the webhook then updates as its sender', async () => {
    const consumer = new WebhookMessagesConsumer(
      {} as EventBus,
      h.runner as TransactionRunner,
      DEFAULT_LIMITS,
      h.dataSource,
    );
    const webhookId = randomUUID();
    const received = (messageId: string, card: unknown) =>
      createEnvelope(webhookReceivedV1, 'integrations', {
        key: webhookId,
        actor: { kind: 'integration', id: webhookId },
        data: {
          webhookId,
          conversationId: channelId,
          messageId,
          text: '',
          card,
          displayName: 'OA',
          avatarUrl: null,
          idempotencyKey: null,
        },
      });
    const messageId = randomUUID();
    await consumer.handle(received(messageId, request));
    expect(await consumer.statusOf(messageId)).toEqual({ status: 'posted' });
    expect(await view(messageId)).toMatchObject({
      sender: { id: webhookId, kind: 'integration', displayName: 'OA' },
      card: request,
      cardVersion: 1,
    });
    expect(await integration.cardOf(messageId, principal(bob, 'bob'))).toEqual({
      conversationId: channelId,
      senderId: webhookId,
      senderKind: 'integration',
      card: request,
      cardVersion: 1,
      reader: { id: bob.id, member: true, username: 'bob', displayName: 'bob' },
    });
    // A reader of a public channel need not be a member; the integration is told so.
    expect(await integration.cardOf(messageId, principal(stranger, 'stranger'))).toMatchObject({
      reader: { id: stranger.id, member: false },
    });
    expect(await integration.updateAsSender(webhookId, messageId, approved('王芳'), 1)).toEqual({
      messageId,
      conversationId: channelId,
      card: approved('王芳'),
      cardVersion: 2,
    });
    const updated = await h.events<MessageCardUpdatedV1>(messageCardUpdatedV1.type);
    expect(updated.find((e) => e.messageId === messageId)?.actor).toEqual({
      kind: 'integration',
      id: webhookId,
    });
    // A card the schema refuses is not posted, and the status says why.
    const broken = randomUUID();
    await consumer.handle(received(broken, { title: 'x', url: 'javascript:alert(1)' }));
    expect(await consumer.statusOf(broken)).toEqual({
      status: 'failed',
      reason: 'the card is invalid: card.url: must be an http(s) or mailto URL',
    });
  });

  it('posts webhook events handled together in one batch: a refused one and a repeat change nothing else', async () => {
    const consumer = new WebhookMessagesConsumer(
      {} as EventBus,
      h.runner as TransactionRunner,
      DEFAULT_LIMITS,
      h.dataSource,
    );
    const webhookId = randomUUID();
    const event = (messageId: string, text: string, card?: unknown) =>
      createEnvelope(webhookReceivedV1, 'integrations', {
        key: webhookId,
        actor: { kind: 'integration', id: webhookId },
        data: {
          webhookId,
          conversationId: channelId,
          messageId,
          text,
          ...(card === undefined ? {} : { card }),
          displayName: 'CI',
          avatarUrl: null,
          idempotencyKey: null,
        },
      });
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const refused = randomUUID();
    // Handled in one turn, as the bus's partition readers are when woken together: one batch.
    await Promise.all([
      consumer.handle(event(ids[0] as string, 'build 1 passed')),
      consumer.handle(event(refused, '', { title: 'x', url: 'javascript:alert(1)' })),
      consumer.handle(event(ids[1] as string, 'build 2 passed')),
      consumer.handle(event(ids[1] as string, 'build 2 passed')), // a redelivery
      consumer.handle(event(ids[2] as string, 'build 3 passed')),
    ]);
    for (const id of ids) expect(await consumer.statusOf(id)).toEqual({ status: 'posted' });
    expect(await consumer.statusOf(refused)).toMatchObject({ status: 'failed' });
    const posted = await Promise.all(ids.map((id) => view(id)));
    expect(posted.map((m) => m?.text)).toEqual([
      'build 1 passed',
      'build 2 passed',
      'build 3 passed',
    ]);
    // In the order handed over, on consecutive seqs: nothing posted twice, nothing skipped.
    const seqs = posted.map((m) => m?.seq as number);
    expect(seqs).toEqual([seqs[0], (seqs[0] as number) + 1, (seqs[0] as number) + 2]);
  });

  it('answers null to a reader who may not read the card, and to an unknown message', async () => {
    const hidden = await h.messages.send(bot, privateId, { text: '', card: request });
    expect(await integration.cardOf(hidden, principal(stranger, 'stranger'))).toBeNull();
    expect(await integration.cardOf(hidden, principal(alice, 'alice'))).toMatchObject({
      senderId: bot.id,
      senderKind: 'bot',
      cardVersion: 1,
      reader: { member: true },
    });
    expect(await integration.cardOf(randomUUID(), principal(alice, 'alice'))).toBeNull();
  });

  it('takes no card update in an archived conversation', async () => {
    const room = (
      await h.conversations.create(alice, {
        kind: 'channel',
        visibility: 'public',
        name: `archive-${flavour}`,
        memberIds: [bot.id],
      })
    ).conversation.id;
    const id = await h.messages.send(bot, room, { text: '', card: request });
    await h.conversations.archive(alice, room);
    await expect(cards.updateAsSender(bot.id, id, approved('x'))).rejects.toMatchObject({
      code: 'messaging.conversation.archived',
    });
  });
});

/** The card_updated events the bus delivers that match, one at a time. */
function delivered(bus: EventBus, match: (data: MessageCardUpdatedV1) => boolean) {
  let resolve: (event: EventEnvelope<MessageCardUpdatedV1>) => void = () => undefined;
  const next = new Promise<EventEnvelope<MessageCardUpdatedV1>>((r) => (resolve = r));
  const subscription = bus.subscribeInBackground(
    `test.cards.${randomUUID()}`,
    ['messaging'],
    (e) => {
      const data = e.data as MessageCardUpdatedV1;
      if (e.type === messageCardUpdatedV1.type && match(data))
        resolve(e as EventEnvelope<MessageCardUpdatedV1>);
      return Promise.resolve();
    },
  );
  return { next, close: () => subscription.close() };
}
