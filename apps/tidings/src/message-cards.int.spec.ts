import { randomBytes } from 'node:crypto';
import type { Card } from '@tidings/contracts';
import { IntegrationCards } from '@tidings/messaging/feature';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const carol: As = { username: 'carol' };
/** A person-less service account (the OA system's): it posts and updates its cards. */
const oa: As = { username: 'svc-oa', roles: ['integration'] };

interface View {
  id: string;
  text: string;
  deleted: boolean;
  sender: { id: string; kind: string };
  card: Card | null;
  cardVersion: number;
}

const request: Card = {
  title: 'Leave request: 王芳, 3 days',
  url: 'https://oa.example.com/leave/17',
  accent: 'info',
  fields: [
    { title: 'From', value: '2026-03-02', short: true },
    { title: 'To', value: '2026-03-04', short: true },
  ],
  actions: [
    { id: 'approve', label: 'Approve', style: 'primary' },
    { id: 'reject', label: 'Reject', style: 'danger' },
  ],
  inputs: [
    {
      type: 'select',
      id: 'delegate',
      label: 'Delegate to',
      options: [{ value: 'li', label: '李雷' }],
      required: false,
    },
    { type: 'text', id: 'comment', label: 'Comment', multiline: true, maxLength: 500 },
  ],
  footer: 'OA',
};
const approved: Card = {
  title: 'Leave request: 王芳, 3 days',
  accent: 'success',
  text: 'Approved by ALICE at 14:02',
};

/** Cards on messages through the real host: POST with a card, PUT …/card, views, webhooks. */
describe.each(databaseFlavours)('message cards API on %s', (flavour) => {
  let db: TestDatabase;
  const host = new MessagingTestHost();
  let channelId: string;
  let privateId: string;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({
      DATABASE_URL: db.url,
      PUBLIC_URL: 'https://chat.example.com',
      ...(flavour === 'postgres' ? { TIDINGS_SECRET_KEY: randomBytes(32).toString('base64') } : {}),
    });
    const ids = [await host.person('alice'), await host.person('bob'), await host.person('carol')];
    await host.projected(ids);
    const channel = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'approvals',
      memberIds: [ids[1]],
    });
    expect(channel.statusCode, channel.body).toBe(201);
    channelId = (channel.json() as { id: string }).id;
    const join = await host.call('POST', `/conversations/${channelId}/join`, oa);
    expect(join.statusCode, join.body).toBe(200);
    const managers = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'private',
      name: 'managers',
    });
    privateId = (managers.json() as { id: string }).id;
  });

  afterAll(async () => {
    await host.stop();
    await db?.drop();
  });

  const send = (as: As, conversationId: string, body: unknown) =>
    host.call('POST', `/conversations/${conversationId}/messages`, as, body);
  const putCard = (as: As, messageId: string, body: unknown) =>
    host.call('PUT', `/messages/${messageId}/card`, as, body);
  const history = async (as: As = alice, conversationId = channelId) => {
    const response = await host.call('GET', `/conversations/${conversationId}/messages`, as);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: View[] }).items;
  };
  const problem = (response: { statusCode: number; headers: Record<string, unknown> }) => ({
    status: response.statusCode,
    type: String(response.headers['content-type']).split(';')[0],
  });

  it('posts a card without text and shows it in the answer and in history', async () => {
    const sent = await send(oa, channelId, { text: '', card: request });
    expect(sent.statusCode, sent.body).toBe(201);
    const view = sent.json() as View;
    expect(view).toMatchObject({ text: '', card: request, cardVersion: 1 });
    expect(view.sender.kind).toBe('integration');
    const plain = await send(alice, channelId, { text: 'morning' });
    expect(plain.json()).toMatchObject({ card: null, cardVersion: 0 });
    const items = await history(bob);
    expect(items.find((m) => m.id === view.id)).toMatchObject({ card: request, cardVersion: 1 });
  });

  it('refuses a bad card with problem+json naming the field at fault', async () => {
    const twice = await send(oa, channelId, {
      text: '',
      card: {
        ...request,
        inputs: [
          { type: 'text', id: 'comment', label: 'Comment' },
          { type: 'text', id: 'comment', label: 'Comment again' },
        ],
      },
    });
    expect(problem(twice)).toEqual({ status: 400, type: 'application/problem+json' });
    expect(twice.json()).toMatchObject({
      code: 'request.invalid',
      errors: [{ path: 'body.card.inputs.1.id', message: 'duplicate input id' }],
    });
    const link = await send(oa, channelId, {
      text: 'x',
      card: { title: 'x', actions: [{ id: 'go', label: 'Go', url: 'javascript:alert(1)' }] },
    });
    expect(link.json()).toMatchObject({
      status: 400,
      errors: [{ path: 'body.card.actions.0.url' }],
    });
    // No text and no card: empty.
    expect((await send(oa, channelId, { text: '' })).json()).toMatchObject({
      status: 422,
      code: 'messaging.message.empty',
    });
  });

  it('updates the card as its sender: versions, 409 on a stale ifVersion, 403 and 404 to others', async () => {
    const id = (
      (await send(oa, channelId, { text: 'Leave request', card: request })).json() as View
    ).id;
    const updated = await putCard(oa, id, { card: approved, ifVersion: 1 });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toEqual({ messageId: id, card: approved, cardVersion: 2 });

    const stale = await putCard(oa, id, { card: request, ifVersion: 1 });
    expect(problem(stale)).toEqual({ status: 409, type: 'application/problem+json' });
    expect(stale.json()).toMatchObject({ code: 'card_version_conflict', cardVersion: 2 });

    const byAlice = await putCard(alice, id, { card: request });
    expect(problem(byAlice).status).toBe(403);
    expect(byAlice.json()).toMatchObject({ code: 'messaging.message.not_author' });

    const hidden = ((await send(alice, privateId, { text: 'managers only' })).json() as View).id;
    expect((await putCard(carol, hidden, { card: request })).json()).toMatchObject({
      status: 404,
      code: 'messaging.message.not_found',
    });
    expect((await putCard(oa, id, { card: { title: '' }, ifVersion: 2 })).json()).toMatchObject({
      status: 400,
      errors: [{ path: 'body.card.title' }],
    });

    expect((await history()).find((m) => m.id === id)).toMatchObject({
      text: 'Leave request',
      card: approved,
      cardVersion: 2,
    });
  });

  it('keeps the card through an edit of the text, and drops it with the message', async () => {
    const id = (
      (await send(oa, channelId, { text: 'Expense claim', card: request })).json() as View
    ).id;
    const edited = await host.call('PATCH', `/messages/${id}`, oa, { text: 'Expense claim #9' });
    expect(edited.json()).toMatchObject({
      text: 'Expense claim #9',
      card: request,
      cardVersion: 1,
    });
    const deleted = await host.call('DELETE', `/messages/${id}`, oa);
    expect(deleted.json()).toMatchObject({ deleted: true, card: null });
    expect((await history()).find((m) => m.id === id)).toMatchObject({ card: null });
    expect((await putCard(oa, id, { card: request })).json()).toMatchObject({
      status: 409,
      code: 'messaging.message.deleted',
    });
  });

  it('shows the card on search hits and on the conversation list', async () => {
    const id = (
      (await send(oa, channelId, { text: 'Travel request Shenzhen', card: request })).json() as View
    ).id;
    const found = await host.call('GET', '/search?q=Shenzhen', bob);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({
      items: [{ messageId: id, card: request, cardVersion: 1 }],
    });
    const list = await host.call('GET', '/conversations', bob);
    const item = (
      list.json() as { items: Array<{ id: string; lastMessage: View | null }> }
    ).items.find((c) => c.id === channelId);
    expect(item?.lastMessage).toMatchObject({ id, card: request, cardVersion: 1 });
  });

  it('stores the card of a native webhook payload; the webhook updates it as its sender', async () => {
    const created = await host.call('POST', '/integrations/webhooks', alice, {
      conversations: [channelId],
      displayName: 'OA',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { webhook, postUrl } = created.json() as {
      webhook: { id: string };
      postUrl: string;
    };
    const posted = await host.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: postUrl.replace('https://chat.example.com', ''),
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ card: request }),
      });
    expect(posted.statusCode, posted.body).toBe(200);
    const { messageId } = posted.json() as { messageId: string };
    const deadline = Date.now() + 10_000;
    let shown: View | undefined;
    while (!(shown = (await history()).find((m) => m.id === messageId))) {
      if (Date.now() > deadline) throw new Error('the webhook message never appeared');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(shown).toMatchObject({
      sender: { id: webhook.id, kind: 'integration' },
      card: request,
      cardVersion: 1,
    });

    // In process, as integrations will for a click's synchronous answer.
    const cards = host.app.get(IntegrationCards);
    const reader = { kind: 'user' as const, userId: 'kc-bob', username: 'bob', roles: ['user'] };
    expect(await cards.cardOf(messageId, reader)).toMatchObject({
      senderId: webhook.id,
      senderKind: 'integration',
      card: request,
      cardVersion: 1,
      reader: { member: true, username: 'bob', displayName: 'BOB' },
    });
    expect(await cards.updateAsSender(webhook.id, messageId, approved, 1)).toMatchObject({
      cardVersion: 2,
    });
    // Nobody else, not even through REST: the webhook's message is not the OA account's.
    expect((await putCard(oa, messageId, { card: request })).json()).toMatchObject({
      status: 403,
      code: 'messaging.message.not_author',
    });
    expect((await history()).find((m) => m.id === messageId)).toMatchObject({
      card: approved,
      cardVersion: 2,
    });
  });
});
