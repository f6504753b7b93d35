import { randomUUID } from 'node:crypto';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagingTestHost, problemOf, type As } from './messaging.testing';

const alice: As = { username: 'alice' };
const bob: As = { username: 'bob' };
const carol: As = { username: 'carol' };
/** Bob as a compliance officer: no messaging permissions at all. */
const officer: As = { username: 'bob', roles: ['compliance'] };

interface CallView {
  id: string;
  conversationId: string;
  state: string;
  outcome: string | null;
  durationMs: number;
  participants: Array<{ userId: string; status: string }>;
}

/** Calls through the real host: routes, permissions, the view, problem+json codes. */
describe('calls API', () => {
  const db = createTestSqliteDatabase();
  const host = new MessagingTestHost();
  const ids: Record<string, string> = {};
  let conversationId: string;

  beforeAll(async () => {
    await host.start({ DATABASE_URL: db.url });
    for (const name of ['alice', 'bob', 'carol']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
    const created = await host.call('POST', '/conversations', alice, {
      kind: 'channel',
      visibility: 'public',
      name: 'standup',
      memberIds: [ids['bob']],
    });
    expect(created.statusCode, created.body).toBe(201);
    conversationId = (created.json() as { id: string }).id;
  });

  afterAll(async () => {
    await host.stop();
    await db.drop();
  });

  it('starts, answers and ends a call, each command answering the call view', async () => {
    const started = await host.call('POST', `/conversations/${conversationId}/calls`, alice, {
      media: 'audio',
    });
    expect(started.statusCode, started.body).toBe(201);
    const call = started.json() as CallView;
    // Bob's device opening now finds the ring among his open calls; Carol has none.
    const bobsOpen = await host.call('GET', '/calls', bob);
    expect(bobsOpen.statusCode, bobsOpen.body).toBe(200);
    expect((bobsOpen.json() as { items: CallView[] }).items.map((c) => c.id)).toEqual([call.id]);
    expect((await host.call('GET', '/calls', carol)).json()).toEqual({ items: [] });
    expect(call).toMatchObject({
      conversationId,
      state: 'ringing',
      outcome: null,
      participants: [
        { userId: ids['alice'], status: 'joined' },
        { userId: ids['bob'], status: 'ringing' },
      ],
    });

    const second = await host.call('POST', `/conversations/${conversationId}/calls`, bob, {
      media: 'video',
    });
    expect(problemOf(second)).toEqual({
      status: 409,
      code: 'messaging.call.already_active',
      type: 'application/problem+json',
    });
    expect((second.json() as { callId?: string }).callId).toBe(call.id);

    const accepted = await host.call('POST', `/calls/${call.id}/accept`, bob);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'active' });
    // A retry answers the same view.
    expect((await host.call('POST', `/calls/${call.id}/accept`, bob)).json()).toEqual(
      accepted.json(),
    );
    expect((await host.call('GET', `/calls/${call.id}`, bob)).json()).toEqual(accepted.json());
    // The routes need messaging's permissions, whoever the person is.
    for (const [method, url] of [
      ['GET', `/calls/${call.id}`],
      ['POST', `/calls/${call.id}/hangup`],
    ] as const)
      expect(problemOf(await host.call(method, url, officer)), url).toMatchObject({
        status: 403,
        type: 'application/problem+json',
      });

    const ended = await host.call('POST', `/calls/${call.id}/hangup`, alice);
    expect(ended.json()).toMatchObject({ state: 'ended', outcome: 'completed' });
    const history = await host.call('GET', `/conversations/${conversationId}/calls?limit=5`, bob);
    expect((history.json() as { items: CallView[] }).items.map((c) => c.id)).toEqual([call.id]);
    const messages = await host.call('GET', `/conversations/${conversationId}/messages`, bob);
    expect(
      (
        messages.json() as { items: Array<{ kind: string; system: { type: string } | null }> }
      ).items.at(-1),
    ).toMatchObject({ kind: 'system', system: { type: 'call.ended' } });
  });

  it('answers refusals as problem+json with their stable codes', async () => {
    const call = (
      await host.call('POST', `/conversations/${conversationId}/calls`, alice, { media: 'video' })
    ).json() as CallView;
    const cases: Array<[string, string, As, unknown, number, string]> = [
      [
        'POST',
        `/calls/${call.id}/accept`,
        carol,
        undefined,
        403,
        'messaging.conversation.not_member',
      ],
      ['GET', `/calls/${call.id}`, carol, undefined, 403, 'messaging.conversation.not_member'],
      ['POST', `/calls/${call.id}/cancel`, bob, undefined, 403, 'messaging.call.not_caller'],
      ['POST', `/calls/${call.id}/hangup`, bob, undefined, 409, 'messaging.call.not_joined'],
      ['POST', `/calls/${randomUUID()}/accept`, bob, undefined, 404, 'messaging.call.not_found'],
      [
        'POST',
        `/conversations/${conversationId}/calls`,
        alice,
        { media: 'hologram' },
        400,
        'request.invalid',
      ],
    ];
    for (const [method, url, as, body, status, code] of cases)
      expect(
        problemOf(await host.call(method as 'GET' | 'POST', url, as, body)),
        `${method} ${url}`,
      ).toEqual({ status, code, type: 'application/problem+json' });
    const cancelled = await host.call('POST', `/calls/${call.id}/cancel`, alice);
    expect(cancelled.json()).toMatchObject({ state: 'ended', outcome: 'cancelled' });
    expect(problemOf(await host.call('POST', `/calls/${call.id}/decline`, bob))).toEqual({
      status: 409,
      code: 'messaging.call.not_ringing',
      type: 'application/problem+json',
    });
  });

  it('keeps the ICE servers route apart from call ids', async () => {
    const ice = await host.call('GET', '/calls/ice-servers', bob);
    expect(ice.statusCode, ice.body).toBe(200);
    expect(ice.json()).toHaveProperty('iceServers');
  });
});
