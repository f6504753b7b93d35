import { ConflictError } from '@tidings/platform/errors';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { DeliveryAttempt } from '../outgoing/delivery-transport';
import { ManualClock } from '../outgoing/ports';
import { BotConnection, BotConnections } from './bot-connection';
import { FrameHandler } from './frame-handler';
import { parseClientFrame } from './frames';
import type { ConnectCards } from './ports';
import { SocketDeliveryTransport } from './socket-transport';

const click = JSON.stringify({
  type: 'integrations.card.action',
  data: { messageId: 'm1', senderId: 'bot-1', actionId: 'approve' },
});

function setup(cards: ConnectCards) {
  const sent: Array<Record<string, unknown>> = [];
  const socket = {
    readyState: 1,
    send: (text: string) => sent.push(JSON.parse(text) as Record<string, unknown>),
  } as unknown as WebSocket;
  const connections = new BotConnections();
  const connection = new BotConnection(socket, () => undefined);
  connections.add(connection);
  connection.bot = { botId: 'bot-1', username: 'oa' };
  connection.state = 'ready';
  connections.bind(connection);
  const transport = new SocketDeliveryTransport(
    connections,
    { ackTimeoutMs: 30_000, maxInFlightPerBot: 10 },
    new ManualClock(),
    () => undefined,
  );
  const errors: string[] = [];
  const handler = new FrameHandler(transport, cards, { error: (m: string) => errors.push(m) });
  const deliver = (body = click) =>
    transport.deliver({
      deliveryId: 'msg_1',
      attempt: 1,
      subscription: { id: 's', mode: 'socket', url: null, botId: 'bot-1', webhookId: null },
      headers: {},
      body,
      timeoutMs: 10_000,
    } satisfies DeliveryAttempt);
  const frame = (value: unknown) =>
    handler.handle(connection, parseClientFrame(JSON.stringify(value)));
  return { sent, transport, deliver, frame, errors };
}

const approved = { title: 'Approved by 王芳' };

describe('FrameHandler', () => {
  it('stores the card of an ack answering a click, as the card’s sender, then succeeds the try', async () => {
    const calls: unknown[][] = [];
    const { deliver, frame } = setup({
      updateAsSender: async (...args) => {
        calls.push(args);
        return { card: approved, cardVersion: 2 };
      },
    });
    const result = deliver();
    await frame({ type: 'ack', id: 'msg_1', card: approved });
    expect(calls).toEqual([['bot-1', 'm1', approved]]);
    expect(await result).toMatchObject({
      kind: 'ack',
      body: JSON.stringify({ card: approved, cardVersion: 2 }),
    });
  });

  it('acks, and says why, when messaging refuses the card', async () => {
    const { deliver, frame, sent } = setup({
      updateAsSender: async () => {
        throw new ConflictError('messaging.message.deleted', 'The message was deleted.');
      },
    });
    const result = deliver();
    await frame({ type: 'ack', id: 'msg_1', card: approved });
    expect(await result).toMatchObject({ kind: 'ack' });
    expect(sent.at(-1)).toMatchObject({
      type: 'error',
      code: 'connect.card_refused',
      cause: 'messaging.message.deleted',
      id: 'msg_1',
    });
  });

  it('keeps the delivery in flight when storing the card fails on our side', async () => {
    const { deliver, frame, sent, transport, errors } = setup({
      updateAsSender: async () => {
        throw new Error('database gone');
      },
    });
    void deliver();
    await frame({ type: 'ack', id: 'msg_1', card: approved });
    expect(sent.at(-1)).toMatchObject({ code: 'connect.internal', id: 'msg_1' });
    expect(transport.inFlightOf('bot-1')).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('answers an invalid card naming the field, leaving the delivery in flight', async () => {
    const { deliver, frame, sent, transport } = setup({
      updateAsSender: async () => ({ card: approved, cardVersion: 2 }),
    });
    void deliver();
    await frame({ type: 'ack', id: 'msg_1', card: { title: '' } });
    expect(sent.at(-1)).toMatchObject({
      code: 'connect.frame_invalid',
      id: 'msg_1',
      issues: [expect.objectContaining({ path: 'card.title' })],
    });
    expect(transport.inFlightOf('bot-1')).toBe(1);
  });
});
