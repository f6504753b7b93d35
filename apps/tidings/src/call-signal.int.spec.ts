import { HttpCallParticipants } from '@tidings/gateway/feature';
import type { WsTestClient } from '@tidings/gateway/feature/testing';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealtimeTestHost, settle } from './realtime.testing';

const SERVICE_TOKEN = 'call-signal-spec-service-token-0123456789';
const OFFER = { kind: 'offer', sdp: 'v=0\r\no=- 46117 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };
const ANSWER = { kind: 'answer', sdp: 'v=0\r\no=- 57228 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n' };
const CANDIDATE = {
  kind: 'candidate',
  candidate: {
    candidate: 'candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx',
    sdpMid: '0',
    sdpMLineIndex: 0,
    usernameFragment: 'EsAw',
  },
};

/**
 * `call.signal` through the whole host (REST call commands → messaging's call tables → the
 * gateway's relay → sockets), with real `ws` clients on loopback, on SQLite and PostgreSQL:
 * SDP and ICE pass only between a call's joined participants, and a user who is not a member
 * of the conversation can neither ring nor inject ICE candidates (docs/calls.md).
 */
describe.each(databaseFlavours)('call signalling on %s', (flavour) => {
  let db: TestDatabase;
  const host = new RealtimeTestHost();
  const ids: Record<string, string> = {};
  const open: WsTestClient[] = [];
  /** A public channel of alice and bob: mallory can see it exists, but is no member. */
  let conversationId = '';
  /** alice and bob's direct conversation: private to them. */
  let directId = '';
  let callId = '';
  let baseUrl = '';

  const device = async (username: string) => {
    const { client } = await host.device(username);
    open.push(client);
    return client;
  };
  const command = async (username: string, path: string, body?: unknown) =>
    host.call('POST', path, { username }, body);
  /** Frames of `type` that reached a socket by now (a ping round trip flushes the rest). */
  const received = async (client: WsTestClient, type: string) => {
    await settle(client);
    return client.events.filter((e) => e.type === type);
  };

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      INTERNAL_SERVICE_TOKEN: SERVICE_TOKEN,
    });
    const { port } = host.app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${port}`;
    for (const name of ['alice', 'bob', 'mallory']) ids[name] = await host.person(name);
    await host.projected(Object.values(ids));
    const channel = await command('alice', '/conversations', {
      kind: 'channel',
      visibility: 'public',
      name: 'huddle',
      memberIds: [ids['bob']],
    });
    expect(channel.statusCode, channel.body).toBe(201);
    conversationId = (channel.json() as { id: string }).id;
    const direct = await command('alice', '/conversations', { kind: 'direct', userId: ids['bob'] });
    expect(direct.statusCode, direct.body).toBe(201);
    directId = (direct.json() as { id: string }).id;
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await host.stop();
    await db?.drop();
  });

  it('does not let a non-member ring the conversation', async () => {
    const rang = await command('mallory', `/conversations/${conversationId}/calls`, {
      media: 'audio',
    });
    expect(rang.statusCode, rang.body).toBe(403);
    expect(rang.json()).toMatchObject({ code: 'messaging.conversation.not_member' });
    // A private conversation of others: as on every other route, she does not even learn that
    // it exists (messaging's accessOf answers 404).
    const hidden = await command('mallory', `/conversations/${directId}/calls`, {
      media: 'audio',
    });
    expect(hidden.statusCode, hidden.body).toBe(404);
    expect(hidden.json()).toMatchObject({ code: 'messaging.conversation.not_found' });
  });

  it('relays offer, answer and candidates between the joined participants only', async () => {
    const alice = await device('alice');
    const bob = await device('bob');

    const started = await command('alice', `/conversations/${conversationId}/calls`, {
      media: 'video',
    });
    expect(started.statusCode, started.body).toBe(201);
    callId = (started.json() as { id: string }).id;

    // Bob's phone rings but he has not answered: nothing passes yet.
    alice.send({ type: 'call.signal', id: 'early', callId, toUserId: ids['bob'], signal: OFFER });
    expect((await alice.next('error')).data).toMatchObject({
      code: 'gateway.call.not_participant',
      replyTo: 'early',
    });

    const accepted = await command('bob', `/calls/${callId}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);

    alice.send({ type: 'call.signal', callId, toUserId: ids['bob'], signal: OFFER });
    const offer = await bob.next('call.signal');
    expect(offer).toEqual({
      type: 'call.signal',
      data: { callId, fromUserId: ids['alice'], signal: OFFER },
    });
    expect(offer.seq).toBeUndefined(); // ephemeral: not stored, not replayed

    bob.send({ type: 'call.signal', callId, toUserId: ids['alice'], signal: ANSWER });
    bob.send({ type: 'call.signal', callId, toUserId: ids['alice'], signal: CANDIDATE });
    expect((await alice.next('call.signal')).data).toEqual({
      callId,
      fromUserId: ids['bob'],
      signal: ANSWER,
    });
    expect((await alice.next('call.signal')).data).toEqual({
      callId,
      fromUserId: ids['bob'],
      signal: CANDIDATE,
    });
    // Only the addressee's devices: the sender's own socket got nothing back.
    expect(await received(alice, 'call.signal')).toEqual([]);
    expect(await received(bob, 'call.signal')).toEqual([]);
  });

  it('does not let a non-member inject ICE candidates into the call, nor receive signals', async () => {
    const mallory = await device('mallory');
    const bob = await device('bob');
    const alice = await device('alice');

    mallory.send({
      type: 'call.signal',
      id: 'inject',
      callId,
      toUserId: ids['bob'],
      signal: CANDIDATE,
    });
    expect((await mallory.next('error')).data).toMatchObject({
      code: 'gateway.call.not_participant',
      replyTo: 'inject',
    });
    mallory.send({
      type: 'call.signal',
      id: 'ring',
      callId,
      toUserId: ids['alice'],
      signal: OFFER,
    });
    expect((await mallory.next('error')).data).toMatchObject({
      code: 'gateway.call.not_participant',
      replyTo: 'ring',
    });

    bob.send({ type: 'call.signal', id: 'leak', callId, toUserId: ids['mallory'], signal: ANSWER });
    expect((await bob.next('error')).data).toMatchObject({
      code: 'gateway.call.not_participant',
      replyTo: 'leak',
    });

    expect(await received(bob, 'call.signal')).toEqual([]);
    expect(await received(alice, 'call.signal')).toEqual([]);
    expect(await received(mallory, 'call.signal')).toEqual([]);
  });

  it('refuses an unknown call and, once the call ended, stops relaying', async () => {
    const alice = await device('alice');
    const bob = await device('bob');
    alice.send({
      type: 'call.signal',
      id: 'ghost',
      callId: '00000000-0000-4000-8000-000000000000',
      toUserId: ids['bob'],
      signal: OFFER,
    });
    expect((await alice.next('error')).data).toMatchObject({
      code: 'gateway.call.not_participant',
      replyTo: 'ghost',
    });

    const hungUp = await command('alice', `/calls/${callId}/hangup`);
    expect(hungUp.statusCode, hungUp.body).toBe(200);
    expect(hungUp.json()).toMatchObject({ state: 'ended', outcome: 'completed' });
    bob.send({
      type: 'call.signal',
      id: 'late',
      callId,
      toUserId: ids['alice'],
      signal: CANDIDATE,
    });
    expect((await bob.next('error')).data).toMatchObject({
      code: 'gateway.call.not_participant',
      replyTo: 'late',
    });
    expect(await received(alice, 'call.signal')).toEqual([]);
  });

  it('answers a gateway in another process through the internal route, behind the service token', async () => {
    const started = await command('bob', `/conversations/${conversationId}/calls`, {
      media: 'audio',
    });
    expect(started.statusCode, started.body).toBe(201);
    const ringing = (started.json() as { id: string }).id;

    const calls = new HttpCallParticipants({ baseUrl, serviceToken: SERVICE_TOKEN });
    expect(await calls.callOf(ringing)).toEqual({
      conversationId,
      state: 'ringing',
      joined: [ids['bob']],
    });
    expect(await calls.callOf(callId)).toMatchObject({ conversationId, state: 'ended' });
    expect(await calls.callOf('no-such-call')).toBeUndefined();

    const route = `${baseUrl}/api/v1/internal/messaging/calls/${ringing}/participants`;
    expect((await fetch(route)).status).toBe(401);
    const wrong = await fetch(route, { headers: { 'x-tidings-service-token': 'x'.repeat(41) } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ code: 'messaging.internal.bad_service_token' });
    await expect(
      new HttpCallParticipants({ baseUrl, serviceToken: 'wrong' }).callOf(ringing),
    ).rejects.toThrow(/HTTP 401/);
    // A person's token is no service token.
    const asPerson = await fetch(route, {
      headers: { authorization: `Bearer ${await host.token('alice')}` },
    });
    expect(asPerson.status).toBe(401);
  });
});
