import { randomBytes } from 'node:crypto';
import type { Card } from '@tidings/contracts';
import { WsTestClient } from '@tidings/gateway/feature/testing';
import {
  ConnectSocketServer,
  DeliveryClock,
  DeliveryDispatcher,
  ManualClock,
  systemClock,
} from '@tidings/integrations/feature';
import { createTestDatabase, databaseFlavours, type TestDatabase } from '@tidings/platform/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { As } from './messaging.testing';
import { RealtimeTestHost } from './realtime.testing';

const alice: As = { username: 'alice' };
const admin: As = { username: 'root', roles: ['admin'] };

/** Frames of /connect are flat objects (`{ type, id, … }`), not the gateway's `{ type, data }`. */
interface Frame {
  type: string;
  [field: string]: unknown;
}
interface EventFrame extends Frame {
  id: string;
  attempt: number;
  payload: { type: string; data: Record<string, unknown>; event: { id: string } };
}
interface Attempt {
  number: number;
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  responseBody: string | null;
}
interface DeliveryDetail {
  id: string;
  status: string;
  nextAttemptAt: string | null;
  lastError: string | null;
  attempts: Attempt[];
}
interface Bot {
  id: string;
  token: string;
  as: As;
}

/**
 * The outbound-only connector through the real host (docs/integrations-connect.md): bots
 * connect to `/connect` on the host's own port with their token, receive the deliveries of
 * their socket subscriptions as frames, ack them — and the delivery log shows each try as it
 * shows an HTTP one. Timing (the ack timeout, the retry schedule) runs on a clock the test moves.
 */
describe.each(databaseFlavours)('/connect on %s', (flavour) => {
  let db: TestDatabase;
  const host = new RealtimeTestHost();
  const clock = new ManualClock();
  let connectUrl: string;
  let dispatcher: DeliveryDispatcher;
  let sockets: ConnectSocketServer;
  let aliceId: string;
  let opsId: string;
  let deploysId: string;
  const clients: WsTestClient[] = [];
  const subscriptions: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(flavour);
    await host.start({
      DATABASE_URL: db.url,
      TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
    });
    connectUrl = host.wsUrl.replace(/\/ws$/, '/connect');
    host.app.get(DeliveryClock).use(clock);
    dispatcher = host.app.get(DeliveryDispatcher);
    dispatcher.random = () => 0.5; // the schedule without jitter
    sockets = host.app.get(ConnectSocketServer);
    aliceId = await host.person('alice');
    await host.projected([aliceId]);
    const channel = async (name: string) => {
      const created = await host.call('POST', '/conversations', alice, {
        kind: 'channel',
        visibility: 'public',
        name,
      });
      expect(created.statusCode, created.body).toBe(201);
      return (created.json() as { id: string }).id;
    };
    opsId = await channel('ops');
    deploysId = await channel('deploys');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) {
      client.close();
      await client.closed;
    }
    for (const id of subscriptions.splice(0))
      await host.call('DELETE', `/integrations/subscriptions/${id}`, admin);
  });

  afterAll(async () => {
    host.app?.get(DeliveryClock).use(systemClock);
    await host.stop();
    await db?.drop();
  });

  let bots = 0;
  const bot = async (scopes?: string[]): Promise<Bot> => {
    const username = `connector-${++bots}`;
    const created = await host.call('POST', '/bots', admin, { username });
    expect(created.statusCode, created.body).toBe(201);
    const id = (created.json() as { id: string }).id;
    const token = await host.call('POST', `/bots/${id}/tokens`, admin, scopes ? { scopes } : {});
    expect(token.statusCode, token.body).toBe(201);
    const bearer = (token.json() as { token: string }).token;
    return { id, token: bearer, as: { username, bearer } };
  };

  const subscribe = async (botId: string, body: Record<string, unknown> = {}) => {
    const response = await host.call('POST', '/integrations/subscriptions', admin, {
      name: 'connector',
      mode: 'socket',
      botId,
      events: ['messaging.message.sent'],
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    const id = (response.json() as { subscription: { id: string } }).subscription.id;
    subscriptions.push(id);
    return id;
  };

  /** A connector signed in with its token as a subprotocol; answers it with its `ready`. */
  const connect = async (token: string) => {
    const client = await WsTestClient.connect(connectUrl, { token });
    clients.push(client);
    return { client, ready: (await client.next('ready')) as unknown as Frame };
  };

  const nextEvent = async (client: WsTestClient) =>
    (await client.next('event', 10_000)) as unknown as EventFrame;

  const post = async (text: string, conversationId = opsId, as: As = alice) => {
    const response = await host.call('POST', `/conversations/${conversationId}/messages`, as, {
      text,
    });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { id: string }).id;
  };

  const detail = async (deliveryId: string) => {
    const response = await host.call('GET', `/integrations/deliveries/${deliveryId}`, admin);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as DeliveryDetail;
  };

  /** Waits until the delivery log shows the try `number` recorded (tries are recorded async). */
  const recorded = async (deliveryId: string, number: number) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      // The log is read as of one moment: once the try is there, so is its effect.
      const log = await detail(deliveryId);
      if (log.attempts.length >= number) return log;
      if (Date.now() > deadline) throw new Error(`try ${number} of ${deliveryId} never recorded`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  /** A ping round trip: every frame the server wrote before the pong has arrived. */
  const settle = async (client: WsTestClient) => {
    client.send({ type: 'ping', id: 'settle' });
    await client.next('pong');
  };

  it('delivers a member’s message to the bot’s socket; its ack succeeds the try in the log', async () => {
    const erp = await bot();
    const subscriptionId = await subscribe(erp.id);
    const { client, ready } = await connect(erp.token);
    expect(ready).toMatchObject({ type: 'ready', botId: erp.id, ackTimeoutMs: 30_000 });
    // The token was never echoed: only tidings.v1 came back as the protocol.
    expect(client.socket.protocol).toBe('tidings.v1');

    const messageId = await post('请审批 the Q3 budget');
    const event = await nextEvent(client);
    expect(event).toMatchObject({
      type: 'event',
      attempt: 1,
      payload: {
        type: 'messaging.message.sent',
        data: { messageId, conversationId: opsId, text: '请审批 the Q3 budget' },
      },
    });
    expect(event.id).toMatch(/^msg_/);
    client.send({ type: 'ack', id: event.id });

    const log = await recorded(event.id, 1);
    expect(log).toMatchObject({ status: 'succeeded', lastError: null });
    expect(log.attempts).toEqual([
      expect.objectContaining({ number: 1, statusCode: null, error: null, responseBody: null }),
    ]);
    expect(log.attempts[0]?.latencyMs).toBeGreaterThanOrEqual(0);
    const listed = await host.call(
      'GET',
      `/integrations/subscriptions/${subscriptionId}/deliveries`,
      admin,
    );
    expect((listed.json() as { items: Array<{ id: string }> }).items.map((d) => d.id)).toEqual([
      event.id,
    ]);
    // Acking it twice is an error frame, not a second success.
    client.send({ type: 'ack', id: event.id });
    expect(await client.next('error')).toMatchObject({
      code: 'connect.delivery_not_in_flight',
      id: event.id,
    });
  });

  it('redelivers an event not acked, same id, when the connector reconnects', async () => {
    const erp = await bot();
    await subscribe(erp.id);
    const first = await connect(erp.token);
    await post('not acked before the crash');
    const lost = await nextEvent(first.client);
    first.client.close(); // gone without an ack
    const failed = await recorded(lost.id, 1);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed.attempts[0]?.error).toBe(
      'connect.connection_lost: the connection closed before the ack',
    );

    // Back: due at once (not 5 s later on the schedule, which this clock never reaches).
    const second = await connect(erp.token);
    const again = await nextEvent(second.client);
    expect(again).toMatchObject({ id: lost.id, attempt: 2, payload: lost.payload });
    second.client.send({ type: 'ack', id: again.id });
    const log = await recorded(lost.id, 2);
    expect(log.status).toBe('succeeded');
    expect(log.attempts.map((a) => [a.number, a.error === null])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('fails a try not acked within the ack timeout, and retries it on the schedule', async () => {
    const erp = await bot();
    await subscribe(erp.id);
    const { client } = await connect(erp.token);
    await post('acked too late');
    const event = await nextEvent(client);
    clock.advance(29_999);
    expect(sockets.transport.expireOverdue()).toBe(0);
    clock.advance(1);
    expect(sockets.transport.expireOverdue()).toBe(1);
    const failed = await recorded(event.id, 1);
    expect(failed.attempts[0]?.error).toBe('connect.ack_timeout: no ack within 30 s');
    // The late ack is told so; the delivery comes again after the schedule's 5 s.
    client.send({ type: 'ack', id: event.id });
    expect(await client.next('error')).toMatchObject({ code: 'connect.delivery_not_in_flight' });
    clock.advance(5_000);
    dispatcher.wake();
    const again = await nextEvent(client);
    expect(again).toMatchObject({ id: event.id, attempt: 2 });
    client.send({ type: 'ack', id: again.id });
    expect((await recorded(event.id, 2)).status).toBe('succeeded');
  });

  it('records a nack as a failed try with the connector’s reason and wait; a replay is at once', async () => {
    const erp = await bot();
    await subscribe(erp.id);
    const { client } = await connect(erp.token);
    await post('the ERP is in maintenance');
    const event = await nextEvent(client);
    client.send({
      type: 'nack',
      id: event.id,
      reason: 'ERP in maintenance',
      retryAfterSeconds: 60,
    });
    const log = await recorded(event.id, 1);
    // The wait is the delivery's own next try time, in the database (as an HTTP Retry-After
    // is): a restart keeps it, and any process holding a socket of the bot honours it.
    expect(log).toMatchObject({
      status: 'failed',
      nextAttemptAt: new Date(clock.now() + 60_000).toISOString(),
    });
    expect(log.attempts[0]?.error).toBe(
      'connect.nack: the connector refused the delivery: ERP in maintenance (retry after 60 s)',
    );
    // The schedule's 5 s pass, but the connector asked for 60: a pass tries nothing (had it
    // sent the event, the pass would wait for its ack, and this test would time out).
    clock.advance(5_000);
    expect(await dispatcher.runDue()).toEqual([]);
    expect((await detail(event.id)).attempts).toHaveLength(1);
    // An admin's replay does not wait for it: sent again now, on the same clock.
    const replay = await host.call('POST', `/integrations/deliveries/${event.id}/replay`, admin);
    expect(replay.statusCode, replay.body).toBe(202);
    const again = await nextEvent(client);
    expect(again).toMatchObject({ id: event.id, attempt: 2 });
    client.send({ type: 'nack', id: again.id, retryAfterSeconds: 30 });
    expect(await recorded(event.id, 2)).toMatchObject({
      status: 'failed',
      nextAttemptAt: new Date(clock.now() + 30_000).toISOString(),
    });
    // And when its wait is over, the schedule brings it as usual (whichever pass finds it due:
    // the one the replay started may still be looking).
    clock.advance(30_000);
    dispatcher.wake();
    const third = await nextEvent(client);
    expect(third).toMatchObject({ id: event.id, attempt: 3 });
    client.send({ type: 'ack', id: third.id });
    expect((await recorded(event.id, 3)).status).toBe('succeeded');
  });

  it('gives each bot only its own subscriptions’ events, shared among its sockets', async () => {
    const [erp, crm, idle] = [await bot(), await bot(), await bot()];
    await subscribe(erp.id);
    const crmSubscription = await subscribe(crm.id, { filters: { conversationIds: [deploysId] } });
    const erpSockets = [await connect(erp.token), await connect(erp.token)];
    const crmSocket = await connect(crm.token);
    const idleSocket = await connect(idle.token);

    await post('for the ERP only', opsId);
    await post('deploy 42 is out', deploysId);
    // Two deliveries for the ERP bot, one on each of its sockets; one for the CRM bot.
    const erpEvents = await Promise.all(erpSockets.map((s) => nextEvent(s.client)));
    expect(erpEvents.map((e) => e.payload.data['text']).sort()).toEqual([
      'deploy 42 is out',
      'for the ERP only',
    ]);
    const crmEvent = await nextEvent(crmSocket.client);
    expect(crmEvent.payload.data).toMatchObject({ text: 'deploy 42 is out' });
    for (const [i, e] of erpEvents.entries()) erpSockets[i]?.client.send({ type: 'ack', id: e.id });
    crmSocket.client.send({ type: 'ack', id: crmEvent.id });
    await recorded(crmEvent.id, 1);
    for (const e of erpEvents) await recorded(e.id, 1);

    // Nothing else reached anyone: the CRM bot's filter kept the ops message from it, and a
    // bot without subscriptions got nothing at all.
    for (const s of [...erpSockets, crmSocket, idleSocket]) await settle(s.client);
    for (const s of [...erpSockets, crmSocket, idleSocket])
      expect(s.client.events.filter((e) => e.type === 'event')).toEqual([]);
    const crmLog = await host.call(
      'GET',
      `/integrations/subscriptions/${crmSubscription}/deliveries`,
      admin,
    );
    expect((crmLog.json() as { items: unknown[] }).items).toHaveLength(1);
  });

  it('sends an ordered subscription’s deliveries one at a time', async () => {
    const erp = await bot();
    const subscriptionId = await subscribe(erp.id, { ordered: true });
    const { client } = await connect(erp.token);
    await post('first');
    const first = await nextEvent(client);
    await post('second');
    // The second delivery exists, and waits for the first's ack.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const listed = await host.call(
        'GET',
        `/integrations/subscriptions/${subscriptionId}/deliveries`,
        admin,
      );
      if ((listed.json() as { items: unknown[] }).items.length === 2) break;
      if (Date.now() > deadline) throw new Error('the second delivery was never made');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    dispatcher.wake();
    await settle(client);
    expect(client.events.filter((e) => e.type === 'event')).toEqual([]);
    expect(sockets.transport.inFlightOf(erp.id)).toBe(1);
    client.send({ type: 'ack', id: first.id });
    const second = await nextEvent(client);
    expect(second.payload.data).toMatchObject({ text: 'second' });
    client.send({ type: 'ack', id: second.id });
    await recorded(second.id, 1);
  });

  it('answers a card action with the ack’s card: the card is updated as its sender', async () => {
    const oa = await bot();
    await subscribe(oa.id, { events: ['integrations.card.action'] });
    const direct = await host.call('POST', '/conversations', oa.as, {
      kind: 'direct',
      userId: aliceId,
    });
    expect(direct.statusCode, direct.body).toBe(201);
    const conversationId = (direct.json() as { id: string }).id;
    const request: Card = {
      title: 'Leave request: 3 days',
      actions: [{ id: 'approve', label: 'Approve', style: 'primary' }],
    };
    const posted = await host.call('POST', `/conversations/${conversationId}/messages`, oa.as, {
      text: '',
      card: request,
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const messageId = (posted.json() as { id: string }).id;
    const { client } = await connect(oa.token);

    const clicked = await host.call('POST', `/messages/${messageId}/card-actions`, alice, {
      actionId: 'approve',
    });
    expect(clicked.statusCode, clicked.body).toBe(202);
    expect(clicked.json()).toEqual({ status: 'queued' });
    const event = await nextEvent(client);
    expect(event.payload).toMatchObject({
      type: 'integrations.card.action',
      data: { messageId, actionId: 'approve', senderId: oa.id, user: { id: aliceId } },
    });
    const approved: Card = { title: 'Approved by ALICE', accent: 'success' };
    client.send({ type: 'ack', id: event.id, card: approved });

    const log = await recorded(event.id, 1);
    expect(log.status).toBe('succeeded');
    expect(JSON.parse(log.attempts[0]?.responseBody ?? '{}')).toEqual({
      card: approved,
      cardVersion: 2,
    });
    const history = await host.call('GET', `/conversations/${conversationId}/messages`, alice);
    const message = (
      history.json() as { items: Array<{ id: string; card: Card; cardVersion: number }> }
    ).items.find((m) => m.id === messageId);
    expect(message).toMatchObject({ cardVersion: 2, card: approved });

    // A card in the ack of any other delivery is not used (and the connector is told).
    await subscribe(oa.id);
    await post('not a click', opsId);
    const plain = await nextEvent(client);
    client.send({ type: 'ack', id: plain.id, card: approved });
    expect(await client.next('error')).toMatchObject({
      code: 'connect.card_not_expected',
      id: plain.id,
    });
    expect((await recorded(plain.id, 1)).status).toBe('succeeded');
  });

  it('signs in with a first auth frame, and answers invalid frames naming the field', async () => {
    const erp = await bot();
    const client = await WsTestClient.connect(connectUrl, { protocols: ['tidings.v1'] });
    clients.push(client);
    client.send({ type: 'auth', token: erp.token });
    expect(await client.next('ready')).toMatchObject({ botId: erp.id });
    client.send({ type: 'nack', id: 'msg_x', retryAfterSeconds: 'soon' });
    expect(await client.next('error')).toMatchObject({
      code: 'connect.frame_invalid',
      id: 'msg_x',
      issues: [expect.objectContaining({ path: 'retryAfterSeconds' })],
    });
  });

  it('refuses a bad token (4401), a person’s token and a token without connectors.use (4403)', async () => {
    const refused = async (options: { token?: string; auth?: string }) => {
      const client = await WsTestClient.connect(connectUrl, {
        ...(options.token ? { token: options.token } : {}),
      });
      if (options.auth) client.send({ type: 'auth', token: options.auth });
      const closed = await client.closed;
      expect(client.events.filter((e) => e.type === 'ready')).toEqual([]);
      return { code: closed.code, reason: closed.reason };
    };
    expect(await refused({ token: 'tdg_not-a-real-token' })).toMatchObject({ code: 4401 });
    expect(await refused({ auth: 'not-a-token-at-all' })).toMatchObject({ code: 4401 });
    const person = await host.issuer.token({ sub: 'kc-alice', username: 'alice', roles: ['user'] });
    expect(await refused({ token: person })).toEqual({ code: 4403, reason: 'connect.bots_only' });
    const readOnly = await bot(['messaging.read']);
    expect(await refused({ token: readOnly.token })).toEqual({
      code: 4403,
      reason: 'connect.forbidden',
    });
    // A first frame that is not `auth` is no sign-in either.
    const client = await WsTestClient.connect(connectUrl);
    client.send({ type: 'ack', id: 'msg_1' });
    expect((await client.closed).code).toBe(4401);
  });

  it('leaves /ws to the gateway on the same port', async () => {
    const { client, ready } = await host.device('alice');
    clients.push(client);
    expect(ready.type).toBe('ready');
  });
});
