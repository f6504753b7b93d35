import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Card } from '@tidings/contracts';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const admin: As = { username: 'root', roles: ['admin'] };
const manager: As = { username: 'wangfang' };
const outsider: As = { username: 'lilei' };

/** What the OA system's callback receiver saw, one entry per request. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * The OA system of docs/integrations.md's approval example: it verifies each callback's
 * Standard Webhooks signature and answers a click with the updated card — or, in `later` mode,
 * takes it (202) and updates the card afterwards through the bot API.
 */
class OaSystem {
  readonly received: Received[] = [];
  secret = '';
  mode: 'answer' | 'later' | 'down' = 'answer';
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        this.received.push({ headers: req.headers, body });
        if (this.mode === 'down') return void res.writeHead(500).end('down for maintenance');
        if (this.mode === 'later') return void res.writeHead(202).end();
        const event = new Webhook(this.secret).verify(
          body,
          req.headers as Record<string, string>,
        ) as {
          data: { actionId: string; user: { displayName: string }; values: { comment?: string } };
        };
        const verdict = event.data.actionId === 'approve' ? 'Approved' : 'Rejected';
        const card: Card = {
          title: `${verdict} by ${event.data.user.displayName} at 14:02`,
          accent: verdict === 'Approved' ? 'success' : 'danger',
          ...(event.data.values.comment ? { text: `> ${event.data.values.comment}` } : {}),
          footer: 'OA · leave request 2026-0417',
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ card }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/tidings/callback`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const leaveRequest: Card = {
  title: 'Leave request: 李雷, 3 days',
  subtitle: '2026-12-01 → 2026-12-03',
  text: 'Family matters. Handover to **韩梅梅**.',
  fields: [
    { title: 'Type', value: 'Annual leave', short: true },
    { title: 'Balance', value: '7 days', short: true },
  ],
  inputs: [{ type: 'text', id: 'comment', label: 'Comment', maxLength: 200 }],
  actions: [
    { id: 'approve', label: 'Approve', style: 'primary' },
    { id: 'reject', label: 'Reject', style: 'danger' },
    { id: 'open', label: 'Open in OA', url: 'https://oa.example.com/leave/2026-0417' },
  ],
  footer: 'OA · leave request 2026-0417',
};

interface CardMessage {
  id: string;
  card: Card | null;
  cardVersion: number;
  sender: { id: string; kind: string };
}

/**
 * The approval example of docs/integrations.md, end to end through the real host: an OA system
 * (a bot with a token and a subscription to `integrations.card.action`) posts a leave request
 * card to a manager; the manager approves in chat; the OA system receives the signed callback
 * and its answer replaces the card.
 */
describe.each(databaseFlavours)('approval card on %s', (flavour) => {
  let db: TestDatabase;
  const host = new MessagingTestHost();
  const oa = new OaSystem();
  let bot: As;
  let botId: string;
  let conversationId: string;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    const callback = await oa.start();
    await host.start({
      DATABASE_URL: db.url,
      // The OA system listens on loopback: only an admin's allowlist lets deliveries reach it.
      INTEGRATIONS_ALLOW_HOSTS: '127.0.0.1',
      ...(flavour === 'postgres' ? { TIDINGS_SECRET_KEY: randomBytes(32).toString('base64') } : {}),
    });
    const created = await host.call('POST', '/directory/users', admin, {
      username: 'wangfang',
      displayName: '王芳',
    });
    expect(created.statusCode, created.body).toBe(201);
    const managerId = (created.json() as { id: string }).id;
    const other = await host.person('lilei');
    await host.projected([managerId, other]);

    const botCreated = await host.call('POST', '/bots', admin, {
      username: 'oa-approvals',
      displayName: 'OA 审批',
    });
    expect(botCreated.statusCode, botCreated.body).toBe(201);
    botId = (botCreated.json() as { id: string }).id;
    const token = await host.call('POST', `/bots/${botId}/tokens`, admin, {});
    expect(token.statusCode, token.body).toBe(201);
    bot = { username: 'oa-approvals', bearer: (token.json() as { token: string }).token };

    const subscription = await host.call('POST', '/integrations/subscriptions', admin, {
      name: 'OA approvals',
      url: callback,
      botId,
      events: ['integrations.card.action'],
    });
    expect(subscription.statusCode, subscription.body).toBe(201);
    oa.secret = (subscription.json() as { secret: string }).secret;

    const direct = await host.call('POST', '/conversations', bot, {
      kind: 'direct',
      userId: managerId,
    });
    expect(direct.statusCode, direct.body).toBe(201);
    conversationId = (direct.json() as { id: string }).id;
  });

  afterAll(async () => {
    await host.stop();
    await oa.stop();
    await db?.drop();
  });

  beforeEach(() => {
    oa.received.length = 0;
    oa.mode = 'answer';
  });

  const postCard = async () => {
    const posted = await host.call('POST', `/conversations/${conversationId}/messages`, bot, {
      text: '',
      card: leaveRequest,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    return (posted.json() as { id: string }).id;
  };

  const seenBy = async (as: As, messageId: string) => {
    const history = await host.call('GET', `/conversations/${conversationId}/messages`, as);
    expect(history.statusCode, history.body).toBe(200);
    return (history.json() as { items: CardMessage[] }).items.find((m) => m.id === messageId);
  };

  const click = (messageId: string, body: unknown, as: As = manager) =>
    host.call('POST', `/messages/${messageId}/card-actions`, as, body);

  it('the manager approves: the OA system gets one signed callback and its answer replaces the card', async () => {
    const messageId = await postCard();
    const before = await seenBy(manager, messageId);
    expect(before).toMatchObject({ cardVersion: 1, sender: { id: botId, kind: 'bot' } });
    expect(before?.card?.title).toBe(leaveRequest.title);

    const answer = await click(messageId, {
      actionId: 'approve',
      values: { comment: '好的，注意休息' },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({
      status: 'updated',
      cardVersion: 2,
      card: { title: 'Approved by 王芳 at 14:02', accent: 'success', text: '> 好的，注意休息' },
    });

    expect(oa.received).toHaveLength(1);
    const [callback] = oa.received;
    // The receiver verified it already (it answered 200); check what it was told.
    const event = new Webhook(oa.secret).verify(
      callback?.body ?? '',
      callback?.headers as Record<string, string>,
    ) as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe('integrations.card.action');
    expect(event.data).toMatchObject({
      messageId,
      conversationId,
      cardVersion: 1,
      actionId: 'approve',
      values: { comment: '好的，注意休息' },
      user: { username: 'wangfang', displayName: '王芳' },
      senderId: botId,
    });

    const after = await seenBy(manager, messageId);
    expect(after).toMatchObject({ cardVersion: 2, card: { title: 'Approved by 王芳 at 14:02' } });
  });

  it('an OA system that answers later updates the card through the bot API, versioned', async () => {
    oa.mode = 'later';
    const messageId = await postCard();
    const answer = await click(messageId, { actionId: 'reject' });
    expect(answer.statusCode, answer.body).toBe(202);
    expect(answer.json()).toEqual({ status: 'delivered' });
    expect((await seenBy(manager, messageId))?.cardVersion).toBe(1);

    const rejected: Card = { title: 'Rejected by 王芳', accent: 'danger' };
    const update = await host.call('PUT', `/messages/${messageId}/card`, bot, {
      card: rejected,
      ifVersion: 1,
    });
    expect(update.statusCode, update.body).toBe(200);
    expect(update.json()).toMatchObject({ messageId, cardVersion: 2, card: rejected });
    const stale = await host.call('PUT', `/messages/${messageId}/card`, bot, {
      card: leaveRequest,
      ifVersion: 1,
    });
    expect(stale.statusCode, stale.body).toBe(409);
    expect((stale.json() as { code: string }).code).toMatch(/card_version_conflict/);
    expect((await seenBy(manager, messageId))?.card?.title).toBe('Rejected by 王芳');
  });

  it('a receiver that is down leaves the card as it was and the click queued for retry', async () => {
    oa.mode = 'down';
    const messageId = await postCard();
    const answer = await click(messageId, { actionId: 'approve' });
    expect(answer.statusCode, answer.body).toBe(202);
    expect(answer.json()).toEqual({ status: 'queued' });
    expect(oa.received).toHaveLength(1);
    expect((await seenBy(manager, messageId))?.cardVersion).toBe(1);
  });

  it('refuses clicks that do not fit the card, and people outside the conversation', async () => {
    const messageId = await postCard();
    const unknown = await click(messageId, { actionId: 'escalate' });
    expect(unknown.statusCode, unknown.body).toBe(422);
    expect(unknown.json()).toMatchObject({
      code: 'integrations.card.action_invalid',
      errors: [{ path: 'actionId' }],
    });
    const link = await click(messageId, { actionId: 'open' });
    expect(link.statusCode, link.body).toBe(422);
    const extra = await click(messageId, { actionId: 'approve', values: { amount: '3' } });
    expect(extra.statusCode, extra.body).toBe(422);
    expect(extra.json()).toMatchObject({ errors: [{ path: 'values.amount' }] });

    // A direct conversation is its members' business: an outsider learns nothing of it.
    const stranger = await click(messageId, { actionId: 'approve' }, outsider);
    expect(stranger.statusCode, stranger.body).toBe(404);
    const missing = await click('0193a1b2-0000-7000-8000-000000000000', { actionId: 'approve' });
    expect(missing.statusCode, missing.body).toBe(404);
    expect(oa.received).toHaveLength(0);
  });
});
