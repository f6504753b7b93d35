import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '@tidings/platform/errors';
import { toProblem } from '@tidings/platform/http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrincipalRef } from '../ports';
import { MessagingOverHttp } from './messaging-over-http';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Messaging's internal routes, scripted: one answer for the next request. */
class FakeMessaging {
  readonly seen: Seen[] = [];
  next: { status: number; type?: string; body: string } = { status: 200, body: '{}' };
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        this.seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        res
          .writeHead(this.next.status, { 'content-type': this.next.type ?? 'application/json' })
          .end(this.next.body);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  answer(status: number, body: unknown, type?: string): void {
    this.next = {
      status,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...(type ? { type } : {}),
    };
  }
}

const bot: PrincipalRef = {
  kind: 'bot',
  userId: 'bot-1',
  username: 'oa-bot',
  roles: ['integration'],
  scopes: ['connectors.use', 'messaging.write'],
};
const moderator: PrincipalRef = { kind: 'user', userId: 'u-1', username: 'root', roles: ['admin'] };

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  type: `https://tidings.dev/problems/${code}`,
  title: 'x',
  status,
  detail: `refused: ${code}`,
  code,
  instance: '/api/v1/internal/messaging/…',
  requestId: 'req-1',
  ...extra,
});

describe('MessagingOverHttp (integrations → messaging internal routes)', () => {
  const messaging = new FakeMessaging();
  let port: MessagingOverHttp;

  beforeAll(async () => {
    const baseUrl = await messaging.start();
    port = new MessagingOverHttp({
      baseUrl,
      serviceToken: 's'.repeat(32),
      isModerator: (p) => p.roles.includes('admin'),
    });
  });
  afterAll(() => messaging.stop());
  beforeEach(() => {
    messaging.seen.length = 0;
  });

  it('posts as the principal, with the service token, and answers messaging’s message view', async () => {
    messaging.answer(201, {
      id: 'm-1',
      conversationId: 'c 1',
      seq: 7,
      kind: 'bot',
      text: 'hello',
      createdAt: '2026-01-01T00:00:00.000Z',
      threadRootId: null,
      card: null,
      cardVersion: 0,
      sender: { id: 'bot-1', kind: 'bot', username: 'oa-bot', displayName: 'OA', active: true },
    });
    const posted = await port.post(bot, {
      conversationId: 'c 1',
      text: 'hello',
      threadRootId: null,
      card: null,
    });
    expect(posted).toEqual({
      id: 'm-1',
      conversationId: 'c 1',
      text: 'hello',
      createdAt: '2026-01-01T00:00:00.000Z',
      threadRootId: null,
      card: null,
      sender: { id: 'bot-1', kind: 'bot', username: 'oa-bot', displayName: 'OA' },
    });
    const [request] = messaging.seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(
      '/api/v1/internal/messaging/integrations/conversations/c%201/messages',
    );
    expect(request?.headers['x-tidings-service-token']).toBe('s'.repeat(32));
    expect(JSON.parse(request?.body ?? '')).toEqual({
      principal: {
        kind: 'bot',
        userId: 'bot-1',
        username: 'oa-bot',
        roles: ['integration'],
        scopes: ['connectors.use', 'messaging.write'],
      },
      text: 'hello',
      threadRootId: null,
      card: null,
    });
  });

  it.each([
    [403, 'messaging.message.not_author', 'forbidden'],
    [404, 'messaging.conversation.not_found', 'not_found'],
    [409, 'messaging.message.card_version_conflict', 'conflict'],
    [422, 'messaging.message.too_long', 'unprocessable'],
  ] as const)('hands on messaging’s %i %s as the same problem', async (status, code, kind) => {
    messaging.answer(
      status,
      problem(status, code, { errors: [{ path: 'body.text', message: 'too long' }], max: 10 }),
      'application/problem+json',
    );
    const error = await port
      .updateAsSender('bot-1', 'm-1', { title: 'Approved' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code,
      kind,
      message: `refused: ${code}`,
      issues: [{ path: 'body.text', message: 'too long' }],
      details: { max: 10 },
    });
    // What the integrations edge renders: the same status and code, not a 500.
    expect(toProblem(error)).toMatchObject({ status, code, detail: `refused: ${code}`, max: 10 });
  });

  it('takes a wrong service token, a disabled route, a 5xx or a stray 404 for its own failure', async () => {
    const failures: Array<[number, unknown, string?]> = [
      [401, problem(401, 'messaging.internal.bad_service_token'), 'application/problem+json'],
      [404, problem(404, 'messaging.internal.disabled'), 'application/problem+json'],
      [500, problem(500, 'internal'), 'application/problem+json'],
      [503, 'Service Unavailable', 'text/plain'],
      [404, '<html>not here</html>', 'text/html'],
    ];
    for (const [status, body, type] of failures) {
      messaging.answer(status, body, type);
      const error = await port.messageStatus('m-1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(DomainError);
      expect(toProblem(error).status).toBe(500);
    }
  });

  it('refuses an answer that is not the shape it asked for', async () => {
    messaging.answer(200, { status: 'lost' });
    await expect(port.messageStatus('m-1')).rejects.toThrow(/unexpected answer/);
  });

  it('fails plainly when messaging cannot be reached', async () => {
    const unreachable = new MessagingOverHttp({
      baseUrl: 'http://127.0.0.1:9',
      serviceToken: 's'.repeat(32),
      isModerator: () => false,
    });
    const error = await unreachable.find('ops').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DomainError);
  });

  it('answers moderation from the roles without asking, and asks messaging for the rest', async () => {
    expect(port.isModerator(moderator)).toBe(true);
    expect(await port.mayManage(moderator, 'c-1')).toBe(true);
    expect(messaging.seen).toHaveLength(0);

    messaging.answer(200, { mayManage: false });
    expect(await port.mayManage(bot, 'c-1')).toBe(false);
    expect(messaging.seen[0]?.url).toBe(
      '/api/v1/internal/messaging/integrations/conversations/c-1/may-manage',
    );
  });

  it('asks who may observe with the bot, or without one', async () => {
    messaging.answer(200, { mayObserve: true });
    expect(await port.mayObserve('c-1', 'bot/1')).toBe(true);
    expect(await port.mayObserve('c-1', null)).toBe(true);
    expect(messaging.seen.map((s) => s.url)).toEqual([
      '/api/v1/internal/messaging/integrations/conversations/c-1/may-observe?botId=bot%2F1',
      '/api/v1/internal/messaging/integrations/conversations/c-1/may-observe',
    ]);
  });

  it('reads a card as its reader, null when messaging found none', async () => {
    messaging.answer(200, { found: null });
    expect(await port.cardOf('m-1', moderator)).toBeNull();
    expect(JSON.parse(messaging.seen[0]?.body ?? '')).toEqual({
      reader: { kind: 'user', userId: 'u-1', username: 'root', roles: ['admin'] },
    });
  });
});
