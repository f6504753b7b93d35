import { randomBytes } from 'node:crypto';
import type { AuditRecord } from '@tidings/audit/domain';
import { AUDIT_READ_STORE } from '@tidings/audit/feature';
import type { AuditReadStore } from '@tidings/audit/data-access';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
const carol: As = { username: 'carol', roles: ['compliance'] };
const others: Record<string, As> = {
  user: { username: 'alice' },
  admin: { username: 'root', roles: ['admin'] },
  integration: { username: 'robot', roles: ['integration'] },
};

interface Page {
  items: AuditRecord[];
  nextCursor: string | null;
}

/**
 * The audit service in the real host: what people do in chat, a webhook's post and the
 * membership changes land in the trail with their full texts; compliance users search and
 * verify it (each leaving a record); nobody else reaches it.
 */
describe.each(databaseFlavours)('audit trail through the host on %s', (flavour) => {
  let db: TestDatabase;
  const host = new MessagingTestHost();
  let ids: { alice: string; bob: string };
  let channelId: string;
  let messageId: string;

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({
      DATABASE_URL: db.url,
      PUBLIC_URL: 'https://chat.example.com',
      AUDIT_CHECKPOINT_EVERY: '5',
      ...(flavour === 'postgres' ? { TIDINGS_SECRET_KEY: randomBytes(32).toString('base64') } : {}),
    });
    ids = { alice: await host.person('alice'), bob: await host.person('bob') };
    await host.projected([ids.alice, ids.bob]);
    const channel = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'deals',
      memberIds: [ids.bob],
    });
    expect(channel.statusCode, channel.body).toBe(201);
    channelId = (channel.json() as { id: string }).id;

    const sent = await host.call('POST', `/conversations/${channelId}/messages`, alice, {
      text: 'We can offer 12% off — 只限本周',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    messageId = (sent.json() as { id: string }).id;
    const edited = await host.call('PATCH', `/messages/${messageId}`, alice, {
      text: 'We can offer 15% off — 只限本周 (final)',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const deleted = await host.call('DELETE', `/messages/${messageId}`, alice);
    expect(deleted.statusCode, deleted.body).toBeLessThan(300);

    const created = await host.call('POST', '/integrations/webhooks', alice, {
      conversations: [channelId],
      displayName: 'CRM',
      auth: 'url',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { postUrl } = created.json() as { postUrl: string };
    const posted = await host.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: postUrl.replace('https://chat.example.com', ''),
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ text: 'Deal #881 closed: ACME, ¥1,200,000' }),
      });
    expect(posted.statusCode, posted.body).toBeLessThan(300);

    const removed = await host.call(
      'DELETE',
      `/conversations/${channelId}/members/${ids.bob}`,
      alice,
    );
    expect(removed.statusCode, removed.body).toBeLessThan(300);
  });

  afterAll(async () => {
    await host.stop();
    await db?.drop();
  });

  const search = async (query: string, as: As = carol) => {
    const response = await host.call('GET', `/audit/records?${query}`, as);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Page;
  };

  /**
   * Waits until the consumer has recorded `count` records matching the query (and, when given,
   * one that `also` accepts: the messages of a conversation are recorded in order, but a
   * webhook's post reaches the trail through another topic, so it may come last).
   */
  const recorded = async (
    query: string,
    count: number,
    also: (record: AuditRecord) => boolean = () => true,
  ): Promise<AuditRecord[]> => {
    const store = host.app.get<AuditReadStore>(AUDIT_READ_STORE);
    const types = new URLSearchParams(query).get('types')?.split(',') ?? [];
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await store.search({ conversations: [channelId], types }, { limit: 100 });
      if (found.length >= count && found.some(also)) return found;
      if (Date.now() > deadline) throw new Error(`only ${found.length} of ${count} for ${query}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it('records what was said in full: sent, edited with the new text, deleted, a webhook post', async () => {
    await recorded(
      'types=messaging.message.sent,messaging.message.edited,messaging.message.deleted',
      4,
      (r) => r.data['senderKind'] === 'integration',
    );
    const { items } = await search(`conversations=${channelId}&types=messaging.message.*`);
    const ofMessage = items.filter((r) => r.data['messageId'] === messageId);
    expect(ofMessage.map((r) => r.type)).toEqual([
      'messaging.message.sent',
      'messaging.message.edited',
      'messaging.message.deleted',
    ]);
    expect(ofMessage[0]).toMatchObject({
      actor: { kind: 'user', id: ids.alice },
      conversationId: channelId,
      subjectIds: [ids.alice],
      data: { text: 'We can offer 12% off — 只限本周', senderKind: 'user' },
    });
    expect(ofMessage[1]!.data['text']).toBe('We can offer 15% off — 只限本周 (final)');
    const webhookPost = items.find((r) => r.data['senderKind'] === 'integration');
    expect(webhookPost?.data['text']).toBe('Deal #881 closed: ACME, ¥1,200,000');
    // integrations.webhook.received comes through the integrations topic's own reader.
    await expect
      .poll(
        async () => (await search('types=integrations.webhook.received')).items[0]?.data['text'],
      )
      .toBe('Deal #881 closed: ACME, ¥1,200,000');
    // Records chain: each links to the one before it.
    for (let i = 1; i < items.length; i++) expect(items[i]!.seq).toBeGreaterThan(items[i - 1]!.seq);
  });

  it('records membership, so who could read a message when it was posted is known', async () => {
    const [left] = await recorded('types=messaging.member.left', 1);
    expect(left).toMatchObject({ subjectIds: [ids.alice, ids.bob], data: { userId: ids.bob } });
    const store = host.app.get<AuditReadStore>(AUDIT_READ_STORE);
    const [sent] = await store.search(
      { conversations: [channelId], types: ['messaging.message.sent'] },
      { limit: 1 },
    );
    expect(await store.membersAt(channelId, { seq: sent!.seq })).toEqual(
      [ids.alice, ids.bob].sort(),
    );
    expect(await store.membersAt(channelId, { seq: left!.seq })).toEqual([ids.alice]);
  });

  it('searches by user, text and time with cursor paging, and records each search', async () => {
    await recorded('types=messaging.member.left', 1);
    const byBob = await search(`users=${ids.bob}&limit=2`);
    expect(byBob.items).toHaveLength(2);
    expect(byBob.items.every((r) => r.subjectIds.includes(ids.bob))).toBe(true);
    expect(byBob.nextCursor).toEqual(expect.any(String));
    const rest = await search(`users=${ids.bob}&limit=100&cursor=${byBob.nextCursor}`);
    expect(rest.items[0]!.seq).toBeGreaterThan(byBob.items[1]!.seq);
    expect((await search('q=ACME')).items.map((r) => r.type)).toEqual(
      expect.arrayContaining(['integrations.webhook.received', 'messaging.message.sent']),
    );
    expect((await search('from=2000-01-01&to=2000-01-02')).items).toEqual([]);

    const me = await host.call('GET', '/me', carol);
    const carolId = (me.json() as { userId: string }).userId;
    expect(carolId).toEqual(expect.any(String));
    const searches = await search('types=audit.search.performed&limit=100');
    expect(searches.items.length).toBeGreaterThanOrEqual(4);
    for (const record of searches.items) {
      expect(record.actor).toEqual({ kind: 'user', id: carolId });
      expect(record.subjectIds).toEqual([carolId]);
    }
    const filters = searches.items.map((r) => r.data['filters'] as { q: string | null });
    expect(filters.some((f) => f.q === 'ACME')).toBe(true);
  });

  it('answers problems naming the field for a bad query', async () => {
    const bad = await host.call('GET', '/audit/records?cursor=nope', carol);
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'audit.cursor.invalid' });
    const range = await host.call('POST', '/audit/verify', carol, { from: 5, to: 2 });
    expect(range.statusCode).toBe(400);
    expect(JSON.stringify(range.json())).toContain('body.to');
  });

  it('verifies the chain and its checkpoints by API, records that, and publishes the key', async () => {
    const report = await host.call('POST', '/audit/verify', carol);
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json() as {
      ok: boolean;
      checked: number;
      checkpointsChecked: number;
      lastSeq: number;
    };
    expect(body).toMatchObject({ ok: true, firstBad: null });
    expect(body.checked).toBe(body.lastSeq);
    expect(body.checkpointsChecked).toBeGreaterThan(0);
    const verifies = await search('types=audit.verify.performed');
    expect(verifies.items.at(-1)?.data).toMatchObject({ ok: true, checked: body.checked });

    const checkpoints = await host.call('GET', '/audit/checkpoints?limit=2', carol);
    expect(checkpoints.statusCode).toBe(200);
    const { items } = checkpoints.json() as { items: Array<{ seq: number; keyId: string }> };
    expect(items[0]!.seq).toBeGreaterThan(items[1]!.seq);

    const key = await host.app.getHttpAdapter().getInstance().inject({
      method: 'GET',
      url: '/api/v1/audit/public-key',
    });
    expect(key.statusCode).toBe(200);
    expect(key.json()).toMatchObject({
      keyId: items[0]!.keyId,
      algorithm: 'Ed25519',
      publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY'),
    });
  });

  it('lets only compliance in: user, admin and integration get 403 on every audit route', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/audit/records'],
      ['GET', '/audit/checkpoints'],
      ['POST', '/audit/verify', {}],
    ];
    for (const [method, url, body] of routes) {
      for (const [role, as] of Object.entries(others)) {
        const response = await host.call(method as 'GET', url, as, body);
        expect(response.statusCode, `${method} ${url} as ${role}`).toBe(403);
      }
      const allowed = await host.call(method as 'GET', url, carol, body);
      expect(allowed.statusCode, `${method} ${url} as compliance`).toBe(200);
    }
  });
});
