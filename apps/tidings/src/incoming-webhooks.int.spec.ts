import { randomBytes } from 'node:crypto';
import { dingTalkSign } from '@tidings/integrations/domain';
import { webhookReceivedV1 } from '@tidings/contracts';
import { IncomingWebhooks } from '@tidings/integrations/feature';
import { WebhookMessagesConsumer } from '@tidings/messaging/feature';
import { createEnvelope } from '@tidings/platform/bus';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const admin: As = { username: 'root', roles: ['admin'] };

interface Created {
  webhook: { id: string; url: string; auth: string };
  secret: string;
  postUrl: string;
}
interface Message {
  id: string;
  kind: string;
  text: string;
  sender: { id: string; kind: string; displayName: string | null };
}

/**
 * Incoming webhooks through the real host: the admin API, `POST /hooks/{id}` in each mode,
 * messaging posting what was accepted — and, for every refusal, nothing in the channel.
 */
describe.each(databaseFlavours)('incoming webhooks on %s', (flavour) => {
  let db: TestDatabase;
  const host = new MessagingTestHost();
  let channelId: string;
  let otherChannelId: string;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({
      DATABASE_URL: db.url,
      PUBLIC_URL: 'https://chat.example.com',
      ...(flavour === 'postgres' ? { TIDINGS_SECRET_KEY: randomBytes(32).toString('base64') } : {}),
    });
    const ids = [await host.person('alice'), await host.person('bob')];
    await host.projected(ids);
    const channel = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'ops',
      memberIds: [ids[1]],
    });
    expect(channel.statusCode, channel.body).toBe(201);
    channelId = (channel.json() as { id: string }).id;
    const other = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'deploys',
    });
    otherChannelId = (other.json() as { id: string }).id;
  });

  afterAll(async () => {
    await host.stop();
    await db?.drop();
  });

  const create = async (body: Record<string, unknown>, as: As = alice) => {
    const response = await host.call('POST', '/integrations/webhooks', as, {
      conversations: [channelId],
      displayName: 'Grafana',
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Created;
  };

  const hook = (
    path: string,
    body: string,
    headers: Record<string, string> = {},
    remoteAddress?: string,
  ) =>
    host.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/json', ...headers },
        payload: body,
        ...(remoteAddress ? { remoteAddress } : {}),
      });

  const pathOf = (url: string) => url.replace('https://chat.example.com', '');

  const integrationMessages = async (conversationId = channelId) => {
    const history = await host.call(
      'GET',
      `/conversations/${conversationId}/messages?limit=100`,
      alice,
    );
    expect(history.statusCode, history.body).toBe(200);
    return (history.json() as { items: Message[] }).items.filter(
      (m) => m.sender.kind === 'integration',
    );
  };

  /** Waits until the status route says posted or failed. */
  const settled = async (webhookId: string, messageId: string) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const status = await host.call(
        'GET',
        `/integrations/webhooks/${webhookId}/messages/${messageId}`,
        alice,
      );
      expect(status.statusCode, status.body).toBe(200);
      const body = status.json() as { status: string; reason?: string };
      if (body.status !== 'pending') return body;
      if (Date.now() > deadline) throw new Error(`message ${messageId} stayed pending`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  /** Lets the bus deliver anything queued before asserting that nothing was posted. */
  const quiet = () => new Promise((resolve) => setTimeout(resolve, 400));

  const standard = (secret: string, id: string, body: string, at = Date.now()) => ({
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, new Date(at), body),
  });

  it('a signed post appears in the channel as the integration, under the answered id', async () => {
    const { webhook, secret } = await create({ auth: 'standard', displayName: 'CI bot' });
    expect(webhook.url).toBe(`https://chat.example.com/hooks/${webhook.id}`);
    expect(secret).toMatch(/^whsec_/);
    const body = JSON.stringify({ text: 'build **#42** passed' });
    const response = await hook(pathOf(webhook.url), body, standard(secret, 'msg_ok', body));
    expect(response.statusCode, response.body).toBe(200);
    const answer = response.json() as { messageId: string; status: string };
    expect(answer.status).toBe(
      `/api/v1/integrations/webhooks/${webhook.id}/messages/${answer.messageId}`,
    );
    expect(await settled(webhook.id, answer.messageId)).toMatchObject({ status: 'posted' });
    const posted = (await integrationMessages()).find((m) => m.id === answer.messageId);
    expect(posted).toMatchObject({
      text: 'build **#42** passed',
      kind: 'bot',
      sender: { id: webhook.id, kind: 'integration', displayName: 'CI bot' },
    });
  });

  it('a bad signature, a timestamp 6 minutes off, a changed body byte: refused, nothing posted', async () => {
    const { webhook, secret } = await create({ auth: 'standard', displayName: 'Refused' });
    const before = (await integrationMessages()).length;
    const body = JSON.stringify({ text: 'should never appear' });
    const path = pathOf(webhook.url);
    const problems = [
      await hook(path, body, standard(`whsec_${randomBytes(32).toString('base64')}`, 'a1', body)),
      await hook(path, body, standard(secret, 'a2', body, Date.now() - 6 * 60_000)),
      await hook(path, body.replace('never', 'nevar'), standard(secret, 'a3', body)),
      await hook(path, body, {}),
    ].map((r) => ({
      status: r.statusCode,
      type: String(r.headers['content-type']).split(';')[0],
      field: (r.json() as { errors?: Array<{ path: string }> }).errors?.[0]?.path,
    }));
    expect(problems).toEqual([
      { status: 401, type: 'application/problem+json', field: 'webhook-signature' },
      { status: 401, type: 'application/problem+json', field: 'webhook-timestamp' },
      { status: 401, type: 'application/problem+json', field: 'webhook-signature' },
      { status: 401, type: 'application/problem+json', field: 'webhook-id' },
    ]);
    await quiet();
    expect((await integrationMessages()).length).toBe(before);
    // Each refusal is on the bus as integrations.webhook.rejected — with the reason, never the secret.
    const records = (await host.dataSource.query(
      `SELECT record_value FROM platform_bus_log WHERE record_value LIKE '%integrations.webhook.rejected%'`,
    )) as Array<{ record_value: string }>;
    const mine = records.map((r) => r.record_value).filter((v) => v.includes(webhook.id));
    expect(mine.length).toBe(4);
    expect(mine.join('')).toContain('timestamp_out_of_tolerance');
    expect(mine.join('')).not.toContain(secret.slice(6));
  });

  it('the same webhook-id 10 times → one message, every answer the original', async () => {
    const { webhook, secret } = await create({ auth: 'standard' });
    const before = (await integrationMessages()).length;
    const body = JSON.stringify({ text: 'disk 91% on db-1' });
    const headers = standard(secret, 'msg_replayed', body);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => hook(pathOf(webhook.url), body, headers)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(10).fill(200));
    const ids = new Set(answers.map((a) => (a.json() as { messageId: string }).messageId));
    expect(ids.size).toBe(1);
    await settled(webhook.id, [...ids][0] as string);
    await quiet();
    const after = await integrationMessages();
    expect(after.length).toBe(before + 1);
    // The same id with another body is a sender bug: refused, still one message.
    const other = JSON.stringify({ text: 'disk 95% on db-1' });
    const reused = await hook(pathOf(webhook.url), other, standard(secret, 'msg_replayed', other));
    expect(reused.statusCode).toBe(409);
    await quiet();
    expect((await integrationMessages()).length).toBe(before + 1);
  });

  it('a redelivered received event posts nothing twice (messaging keys on the given id)', async () => {
    const { webhook, secret } = await create({ auth: 'standard', displayName: 'Redelivered' });
    const body = JSON.stringify({ text: 'delivered at least once' });
    const response = await hook(pathOf(webhook.url), body, standard(secret, 'redeliver', body));
    const { messageId } = response.json() as { messageId: string };
    await settled(webhook.id, messageId);
    const before = (await integrationMessages()).length;
    const event = createEnvelope(webhookReceivedV1, 'integrations', {
      key: webhook.id,
      actor: { kind: 'integration', id: webhook.id },
      data: {
        webhookId: webhook.id,
        conversationId: channelId,
        messageId,
        text: 'delivered at least once',
        displayName: 'Redelivered',
        avatarUrl: null,
        idempotencyKey: 'redeliver',
      },
    });
    const consumer = host.app.get(WebhookMessagesConsumer);
    await consumer.handle(event);
    await consumer.handle(event);
    expect((await integrationMessages()).length).toBe(before);
  });

  it('rotation: old and new secrets both work during the overlap', async () => {
    const { webhook, secret: old } = await create({ auth: 'standard' });
    const rotated = await host.call(
      'POST',
      `/integrations/webhooks/${webhook.id}/rotate`,
      alice,
      {},
    );
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { secret: next } = rotated.json() as Created;
    expect(next).not.toBe(old);
    for (const [secret, id] of [
      [old, 'r1'],
      [next, 'r2'],
    ] as const) {
      const body = JSON.stringify({ text: `rotated ${id}` });
      expect((await hook(pathOf(webhook.url), body, standard(secret, id, body))).statusCode).toBe(
        200,
      );
    }
    const ended = await host.call('POST', `/integrations/webhooks/${webhook.id}/rotate`, alice, {
      overlapHours: 0,
    });
    const { secret: third } = ended.json() as Created;
    const body = JSON.stringify({ text: 'too late' });
    expect((await hook(pathOf(webhook.url), body, standard(next, 'r3', body))).statusCode).toBe(
      401,
    );
    expect((await hook(pathOf(webhook.url), body, standard(third, 'r4', body))).statusCode).toBe(
      200,
    );
  });

  it('url mode: the token in the URL, Slack form encoding, Idempotency-Key', async () => {
    const { webhook, postUrl } = await create({});
    const form = `payload=${encodeURIComponent(JSON.stringify({ text: 'from a Slack sender' }))}`;
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'idempotency-key': 'alert-7',
    };
    const first = await hook(pathOf(postUrl), form, headers);
    expect(first.statusCode, first.body).toBe(200);
    const again = await hook(pathOf(postUrl), form, headers);
    expect(again.json()).toEqual(first.json());
    const { messageId } = first.json() as { messageId: string };
    expect(await settled(webhook.id, messageId)).toMatchObject({ status: 'posted' });
    expect((await hook(pathOf(webhook.url), form, headers)).statusCode).toBe(401);
    const wrong = await hook(`${pathOf(webhook.url)}?token=nope`, form);
    expect(wrong.statusCode).toBe(401);
  });

  it('DingTalk mode: timestamp + sign query parameters', async () => {
    const { webhook, secret } = await create({ auth: 'dingtalk', displayName: 'DingTalk robot' });
    const now = Date.now();
    const sign = encodeURIComponent(dingTalkSign(secret, now));
    // A DingTalk robot's markdown body, as DingTalk senders post it.
    const body = JSON.stringify({
      msgtype: 'markdown',
      markdown: { title: '发布', text: '#### 发布完成\n> 版本 1.4.2' },
    });
    const ok = await hook(`${pathOf(webhook.url)}?timestamp=${now}&sign=${sign}`, body);
    expect(ok.statusCode, ok.body).toBe(200);
    const { messageId } = ok.json() as { messageId: string };
    expect(await settled(webhook.id, messageId)).toMatchObject({ status: 'posted' });
    const posted = (await integrationMessages()).find((m) => m.id === messageId);
    expect(posted?.text).toContain('发布完成');
    expect(posted?.sender.displayName).toBe('DingTalk robot');
    const bad = await hook(
      `${pathOf(webhook.url)}?timestamp=${now}&sign=${encodeURIComponent(dingTalkSign('SECother', now))}`,
      body,
    );
    expect(bad.statusCode).toBe(401);
    expect((bad.json() as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('sign');
  });

  it('IP allowlist: listed networks only', async () => {
    const { postUrl } = await create({ ipAllowlist: ['10.1.0.0/16'] });
    const body = JSON.stringify({ text: 'from the allowed network' });
    expect((await hook(pathOf(postUrl), body, {}, '10.1.2.3')).statusCode).toBe(200);
    expect((await hook(pathOf(postUrl), body, {}, '10.2.0.1')).statusCode).toBe(403);
  });

  it('rate limit: 429 with Retry-After once the burst is spent', async () => {
    const { postUrl } = await create({});
    const body = JSON.stringify({ text: 'flood' });
    const burst = host.app.get(IncomingWebhooks).options.rate.burst;
    // The bucket refills at 20/s while these run: a few more than the burst must meet a 429.
    const answers: Array<Awaited<ReturnType<typeof hook>>> = [];
    for (let i = 0; i < burst * 3 && !answers.some((a) => a.statusCode === 429); i++)
      answers.push(await hook(pathOf(postUrl), body));
    expect(answers.filter((a) => a.statusCode === 200).length).toBeGreaterThanOrEqual(burst);
    const limited = answers.filter((a) => a.statusCode === 429);
    expect(limited.length).toBe(1);
    expect(Number(limited[0]?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('body limit, bad payloads and channel choice answer problems naming the field', async () => {
    const { postUrl } = await create({ conversations: [channelId, 'deploys'] });
    const big = JSON.stringify({ text: 'x'.repeat(300 * 1024) });
    const tooLarge = await hook(pathOf(postUrl), big);
    expect(tooLarge.statusCode).toBe(413);
    expect(String(tooLarge.headers['content-type'])).toContain('application/problem+json');
    const empty = await hook(pathOf(postUrl), JSON.stringify({ text: '' }));
    expect(empty.statusCode).toBe(400);
    expect((empty.json() as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('text');
    const unknown = await hook(pathOf(postUrl), JSON.stringify({ txt: 'typo' }));
    expect(unknown.statusCode).toBe(422);
    expect((unknown.json() as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('body');
    const plain = await hook(pathOf(postUrl), 'hello', { 'content-type': 'text/plain' });
    expect(plain.statusCode).toBe(415);
    const elsewhere = await hook(
      pathOf(postUrl),
      JSON.stringify({ text: 'x', channel: '#random' }),
    );
    expect(elsewhere.statusCode).toBe(422);
    const chosen = await hook(
      pathOf(postUrl),
      JSON.stringify({ text: 'to deploys', channel: '#deploys' }),
    );
    expect(chosen.statusCode, chosen.body).toBe(200);
    const { messageId } = chosen.json() as { messageId: string };
    const webhookId = pathOf(postUrl).split('/')[2]?.split('?')[0] as string;
    await settled(webhookId, messageId);
    expect((await integrationMessages(otherChannelId)).map((m) => m.text)).toContain('to deploys');
    expect((await hook('/hooks/00000000-0000-4000-8000-000000000000', '{}')).statusCode).toBe(404);
  });

  it('an archived conversation: accepted, then refused by messaging and shown as failed', async () => {
    const room = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'soon archived',
    });
    const roomId = (room.json() as { id: string }).id;
    const { webhook, postUrl } = await create({ conversations: [roomId] });
    const archived = await host.call('POST', `/conversations/${roomId}/archive`, alice);
    expect(archived.statusCode, archived.body).toBeLessThan(300);
    const response = await hook(pathOf(postUrl), JSON.stringify({ text: 'into the void' }));
    expect(response.statusCode).toBe(200);
    const { messageId } = response.json() as { messageId: string };
    expect(await settled(webhook.id, messageId)).toMatchObject({
      status: 'failed',
      reason: 'the conversation is archived',
    });
  });

  it('who may create and see webhooks: channel owners/admins and admins, not members', async () => {
    const refused = await host.call('POST', '/integrations/webhooks', bob, {
      conversations: [channelId],
      displayName: 'Not mine',
    });
    expect(refused.statusCode).toBe(403);
    expect((refused.json() as { errors: Array<{ path: string }> }).errors[0]?.path).toBe(
      'conversations[0]',
    );
    const byAdmin = await create({ displayName: 'Admin made' }, admin);
    expect(
      (await host.call('GET', `/integrations/webhooks/${byAdmin.webhook.id}`, bob)).statusCode,
    ).toBe(404);
    const listed = await host.call('GET', '/integrations/webhooks', admin);
    expect((listed.json() as { items: unknown[] }).items.length).toBeGreaterThan(5);
    const view = await host.call('GET', `/integrations/webhooks/${byAdmin.webhook.id}`, admin);
    expect(view.body).not.toContain(byAdmin.secret);
    expect(
      (await host.call('DELETE', `/integrations/webhooks/${byAdmin.webhook.id}`, admin)).statusCode,
    ).toBe(204);
    expect((await hook(pathOf(byAdmin.postUrl), JSON.stringify({ text: 'gone' }))).statusCode).toBe(
      404,
    );
  });
});
