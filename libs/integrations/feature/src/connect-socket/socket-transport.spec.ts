import { describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import type { DeliveryAttempt, TransportResult } from '../outgoing/delivery-transport';
import { ManualClock } from '../outgoing/ports';
import { BotConnection, BotConnections } from './bot-connection';
import { cardActionOf, SocketDeliveryTransport } from './socket-transport';

/** A socket that keeps what it was sent. */
function fakeSocket() {
  const sent: string[] = [];
  const socket = {
    readyState: 1,
    send: (text: string) => sent.push(text),
    close: () => (socket.readyState = 3),
    terminate: () => (socket.readyState = 3),
    once: () => socket,
  };
  return { socket: socket as unknown as WebSocket, sent };
}

function connect(connections: BotConnections, botId: string) {
  const { socket, sent } = fakeSocket();
  const connection = new BotConnection(socket, () => undefined);
  connections.add(connection);
  connection.bot = { botId, username: botId };
  connection.state = 'ready';
  connections.bind(connection);
  const frames = () => sent.map((s) => JSON.parse(s) as { id: string; attempt: number });
  return { connection, frames };
}

const body = (n: number) => JSON.stringify({ type: 'messaging.message.sent', data: { n } });
const attempt = (id: string, botId: string | null = 'bot-1', n = 1): DeliveryAttempt => ({
  deliveryId: id,
  attempt: n,
  subscription: { id: 'sub-1', mode: 'socket', url: null, botId, webhookId: null },
  headers: {},
  body: body(n),
  timeoutMs: 10_000,
});

function setup(limits = { ackTimeoutMs: 30_000, maxInFlightPerBot: 100 }) {
  const connections = new BotConnections();
  const clock = new ManualClock(1_000_000);
  const wake = vi.fn();
  const transport = new SocketDeliveryTransport(connections, limits, clock, wake);
  return { connections, clock, wake, transport };
}

/** Whether a promise has settled yet (without waiting for it). */
async function settled<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);
}

describe('SocketDeliveryTransport', () => {
  it('is unavailable without a connected socket of the bot, or without a bot', async () => {
    const { transport, connections } = setup();
    expect(await transport.deliver(attempt('msg_1'))).toEqual({ kind: 'unavailable' });
    connect(connections, 'bot-2');
    expect(await transport.deliver(attempt('msg_1'))).toEqual({ kind: 'unavailable' });
    expect(await transport.deliver(attempt('msg_1', null))).toEqual({ kind: 'unavailable' });
  });

  it('sends the event frame with the stored body as payload, and an ack ends the try', async () => {
    const { transport, connections } = setup();
    const { frames } = connect(connections, 'bot-1');
    const result = transport.deliver(attempt('msg_1', 'bot-1', 3));
    expect(frames()).toEqual([
      {
        type: 'event',
        id: 'msg_1',
        attempt: 3,
        payload: { type: 'messaging.message.sent', data: { n: 3 } },
      },
    ]);
    expect(await settled(result)).toBe('pending');
    expect(transport.claimAck('bot-2', 'msg_1')).toEqual({ ok: false, reason: 'not_in_flight' });
    expect(transport.claimAck('bot-1', 'msg_1')).toMatchObject({ ok: true });
    transport.complete('msg_1', undefined, performance.now());
    expect(await result).toMatchObject({ kind: 'ack', body: null });
    expect(transport.inFlightOf('bot-1')).toBe(0);
    // A second ack of the same delivery finds nothing in flight.
    expect(transport.claimAck('bot-1', 'msg_1')).toMatchObject({ ok: false });
  });

  it('logs what came with an ack as the answer', async () => {
    const { transport, connections } = setup();
    connect(connections, 'bot-1');
    const result = transport.deliver(attempt('msg_1'));
    transport.claimAck('bot-1', 'msg_1');
    transport.complete('msg_1', { card: { title: 'Approved' } }, performance.now());
    expect(await result).toMatchObject({ kind: 'ack', body: '{"card":{"title":"Approved"}}' });
  });

  it('fails a try whose ack is overdue by the delivery clock, not before', async () => {
    const { transport, connections, clock } = setup({
      ackTimeoutMs: 30_000,
      maxInFlightPerBot: 10,
    });
    connect(connections, 'bot-1');
    const result = transport.deliver(attempt('msg_1'));
    clock.advance(29_999);
    expect(transport.expireOverdue()).toBe(0);
    expect(await settled(result)).toBe('pending');
    clock.advance(1);
    expect(transport.expireOverdue()).toBe(1);
    expect(await result).toMatchObject({
      kind: 'error',
      error: 'connect.ack_timeout: no ack within 30 s',
    });
    // A late ack is told it is no longer in flight.
    expect(transport.claimAck('bot-1', 'msg_1')).toMatchObject({ ok: false });
  });

  it('does not expire a try whose ack is being handled', async () => {
    const { transport, connections, clock } = setup();
    connect(connections, 'bot-1');
    const result = transport.deliver(attempt('msg_1'));
    transport.claimAck('bot-1', 'msg_1');
    clock.advance(60_000);
    expect(transport.expireOverdue()).toBe(0);
    transport.release('msg_1'); // the card update failed on our side: in flight again
    expect(transport.expireOverdue()).toBe(1);
    expect(await result).toMatchObject({ kind: 'error' });
  });

  it('fails the tries of a socket that closed', async () => {
    const { transport, connections } = setup();
    const { connection } = connect(connections, 'bot-1');
    const results = [transport.deliver(attempt('msg_1')), transport.deliver(attempt('msg_2'))];
    connection.markClosed();
    connections.remove(connection);
    transport.connectionClosed(connection);
    for (const result of await Promise.all(results))
      expect(result).toMatchObject({
        kind: 'error',
        error: 'connect.connection_lost: the connection closed before the ack',
      });
  });

  it('keeps at most the window in flight per bot, and wakes the dispatcher when room frees', async () => {
    const { transport, connections, wake } = setup({ ackTimeoutMs: 30_000, maxInFlightPerBot: 2 });
    const { frames } = connect(connections, 'bot-1');
    connect(connections, 'bot-2');
    const first = transport.deliver(attempt('msg_1'));
    void transport.deliver(attempt('msg_2'));
    expect(await transport.deliver(attempt('msg_3'))).toEqual({ kind: 'unavailable' });
    // Another bot's window is its own.
    void transport.deliver(attempt('msg_4', 'bot-2'));
    expect(transport.inFlightOf('bot-2')).toBe(1);
    expect(frames().map((f) => f.id)).toEqual(['msg_1', 'msg_2']);
    expect(wake).not.toHaveBeenCalled();
    transport.claimAck('bot-1', 'msg_1');
    transport.complete('msg_1', undefined, performance.now());
    await first;
    expect(wake).toHaveBeenCalledTimes(1);
    void transport.deliver(attempt('msg_3'));
    expect(frames().map((f) => f.id)).toEqual(['msg_1', 'msg_2', 'msg_3']);
  });

  it("shares a bot's deliveries among its sockets, each delivery to one", () => {
    const { transport, connections } = setup();
    const a = connect(connections, 'bot-1');
    const b = connect(connections, 'bot-1');
    for (let i = 1; i <= 4; i++) void transport.deliver(attempt(`msg_${i}`));
    const ids = (c: typeof a) => c.frames().map((f) => f.id);
    expect(ids(a)).toHaveLength(2);
    expect(ids(b)).toHaveLength(2);
    expect(new Set([...ids(a), ...ids(b)]).size).toBe(4);
  });

  it('hands a nack’s retryAfter back with the failed try, and holds nothing itself', async () => {
    const { transport, connections } = setup();
    const { frames } = connect(connections, 'bot-1');
    const result = transport.deliver(attempt('msg_1'));
    expect(transport.nack('bot-2', 'msg_1', undefined, null)).toBe(false);
    expect(transport.nack('bot-1', 'msg_1', 'ERP in maintenance', 60_000)).toBe(true);
    expect(await result).toMatchObject({
      kind: 'error',
      retryAfterMs: 60_000,
      error:
        'connect.nack: the connector refused the delivery: ERP in maintenance (retry after 60 s)',
    });
    // The wait is the delivery's (its next try time, kept in the database): when the
    // dispatcher tries it again — a replay, say — it is sent at once.
    const again: Promise<TransportResult> = transport.deliver(attempt('msg_1', 'bot-1', 2));
    expect(frames().map((f) => [f.id, f.attempt])).toEqual([
      ['msg_1', 1],
      ['msg_1', 2],
    ]);
    // A nack without a wait carries none.
    expect(transport.nack('bot-1', 'msg_1', undefined, null)).toBe(true);
    expect(await again).not.toHaveProperty('retryAfterMs');
  });
});

describe('cardActionOf', () => {
  const action = (senderId: string) =>
    JSON.stringify({
      type: 'integrations.card.action',
      data: { messageId: 'm1', senderId, actionId: 'approve' },
    });

  it("finds the click on this bot's card, and nothing else", () => {
    expect(cardActionOf(action('bot-1'), 'bot-1')).toEqual({ messageId: 'm1', senderId: 'bot-1' });
    expect(cardActionOf(action('bot-2'), 'bot-1')).toBeNull();
    expect(cardActionOf(body(1), 'bot-1')).toBeNull();
    expect(cardActionOf('not json', 'bot-1')).toBeNull();
  });
});
