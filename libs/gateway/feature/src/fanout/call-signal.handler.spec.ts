import 'reflect-metadata';
import {
  CALL_SDP_MAX_CHARS,
  DEFAULT_FANOUT_SETTINGS,
  HandlerRegistry,
  type CallSignalFrame,
} from '@tidings/gateway/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import type { GatewayPrincipal } from '../auth-port';
import type { Connection } from '../connection';
import { FrameDispatcher } from '../frame-dispatcher';
import { registeredHandler, type FrameContext } from '../frame-handler';
import type { GatewayMetrics } from '../gateway-metrics';
import { AudienceLookup } from './audience';
import { CallSignalHandler } from './call-signal.handler';
import type { CallFacts, DeliveryRoute } from './ports';

const CALL = 'call-1';
const CONVERSATION = 'conv-1';
const OFFER = { kind: 'offer', sdp: 'v=0\r\n' } as const;

/** The relay's world: calls by id, members by conversation, and what it passed on. */
class World {
  calls = new Map<string, CallFacts>();
  members = new Map<string, string[]>();
  relayed: Array<{ recipients: readonly string[]; frame: unknown; except?: string }> = [];

  handler(): CallSignalHandler {
    const audience = new AudienceLookup(
      { membersOf: async (id) => this.members.get(id) ?? [] },
      { ...DEFAULT_FANOUT_SETTINGS, audienceTtlMs: 0 },
    );
    const route: Pick<DeliveryRoute, 'ephemeral'> = {
      ephemeral: async (recipients, text, except) => {
        this.relayed.push({ recipients, frame: JSON.parse(text), ...(except ? { except } : {}) });
      },
    };
    return new CallSignalHandler(
      { callOf: async (id) => this.calls.get(id) },
      audience,
      route as DeliveryRoute,
    );
  }
}

const contextOf = (userId: string): FrameContext =>
  ({
    principal: { kind: 'user', userId, username: userId, permissions: new Set() },
    connectionId: `conn-${userId}`,
    replyTo: undefined,
    connection: { recipientId: userId },
  }) as unknown as FrameContext;

const signal = (toUserId: string, extra: Partial<CallSignalFrame> = {}): CallSignalFrame => ({
  type: 'call.signal',
  callId: CALL,
  toUserId,
  signal: OFFER,
  ...extra,
});

describe('CallSignalHandler', () => {
  let world: World;

  beforeEach(() => {
    world = new World();
    world.members.set(CONVERSATION, ['alice', 'bob', 'carol', 'mallory-2']);
    world.calls.set(CALL, {
      conversationId: CONVERSATION,
      state: 'active',
      joined: ['alice', 'bob'],
    });
  });

  it('declares call.signal under messaging.write with the contract’s schema', () => {
    const declared = registeredHandler(world.handler());
    expect([declared.type, declared.permission]).toEqual(['call.signal', 'messaging.write']);
    const frame = { ...signal('bob'), id: 'f1' };
    expect(declared.schema.safeParse(frame).success).toBe(true);
    const oversize = {
      ...frame,
      signal: { kind: 'offer', sdp: 'x'.repeat(CALL_SDP_MAX_CHARS + 1) },
    };
    expect(declared.schema.safeParse(oversize).success).toBe(false);
  });

  it('relays a signal between two joined participants to the recipient’s devices only', async () => {
    const candidate = {
      kind: 'candidate',
      candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 1 typ host', sdpMid: '0' },
    } as const;
    await world.handler().handle(signal('bob'), contextOf('alice'));
    await world.handler().handle(signal('alice', { signal: candidate }), contextOf('bob'));
    expect(world.relayed).toEqual([
      {
        recipients: ['bob'],
        frame: { type: 'call.signal', data: { callId: CALL, fromUserId: 'alice', signal: OFFER } },
      },
      {
        recipients: ['alice'],
        frame: {
          type: 'call.signal',
          data: { callId: CALL, fromUserId: 'bob', signal: candidate },
        },
      },
    ]);
  });

  it('relays while the call still rings, between the caller and one who joined', async () => {
    world.calls.set(CALL, {
      conversationId: CONVERSATION,
      state: 'ringing',
      joined: ['alice', 'bob'],
    });
    await world.handler().handle(signal('bob'), contextOf('alice'));
    expect(world.relayed).toHaveLength(1);
  });

  it.each<[string, (w: World) => void, string, string]>([
    ['an unknown call', (w) => w.calls.clear(), 'alice', 'bob'],
    [
      'an ended call',
      (w) =>
        w.calls.set(CALL, {
          conversationId: CONVERSATION,
          state: 'ended',
          joined: ['alice', 'bob'],
        }),
      'alice',
      'bob',
    ],
    [
      'a sender who is a member but not joined (ringing, declined, left)',
      () => undefined,
      'carol',
      'bob',
    ],
    ['a target who is a member but not joined', () => undefined, 'alice', 'carol'],
    ['a sender who is not a member at all', () => undefined, 'mallory', 'bob'],
    ['a target who is not a member at all', () => undefined, 'alice', 'mallory'],
    [
      'a joined sender who has since left the conversation',
      (w) => w.members.set(CONVERSATION, ['bob']),
      'alice',
      'bob',
    ],
    [
      'a joined target who has since left the conversation',
      (w) => w.members.set(CONVERSATION, ['alice']),
      'alice',
      'bob',
    ],
  ])('refuses %s and relays nothing', async (_name, arrange, from, to) => {
    arrange(world);
    await expect(world.handler().handle(signal(to), contextOf(from))).rejects.toMatchObject({
      code: 'gateway.call.not_participant',
      kind: 'forbidden',
    });
    expect(world.relayed).toEqual([]);
  });

  it('reaches the sender as an error frame through the dispatcher, echoing the frame id', async () => {
    const registry = new HandlerRegistry([registeredHandler(world.handler())]);
    const metrics = { frames: { inc: () => undefined } } as unknown as GatewayMetrics;
    const dispatcher = new FrameDispatcher(registry, metrics);
    const sent: Array<{ type: string; data: unknown }> = [];
    const connection = (userId: string, permissions: string[]) =>
      ({
        id: `conn-${userId}`,
        principal: {
          kind: 'user',
          userId,
          username: userId,
          permissions: new Set(permissions),
        } satisfies GatewayPrincipal,
        recipientId: userId,
        handlerState: new Map(),
        send: (type: string, data: unknown) => sent.push({ type, data }),
      }) as unknown as Connection;

    await dispatcher.dispatch(
      connection('mallory', ['messaging.write']),
      JSON.stringify({ ...signal('bob'), id: 'm1' }),
    );
    await dispatcher.dispatch(
      connection('alice', ['messaging.write']),
      JSON.stringify({
        ...signal('bob'),
        id: 'a1',
        signal: { kind: 'offer', sdp: 'x'.repeat(CALL_SDP_MAX_CHARS + 1) },
      }),
    );
    await dispatcher.dispatch(
      connection('alice', ['messaging.read']),
      JSON.stringify({ ...signal('bob'), id: 'a2' }),
    );
    expect(sent).toEqual([
      {
        type: 'error',
        data: {
          code: 'gateway.call.not_participant',
          message: expect.any(String),
          replyTo: 'm1',
        },
      },
      {
        type: 'error',
        data: expect.objectContaining({ code: 'gateway.frame_invalid', replyTo: 'a1' }),
      },
      {
        type: 'error',
        data: expect.objectContaining({ code: 'gateway.forbidden', replyTo: 'a2' }),
      },
    ]);
    expect(world.relayed).toEqual([]);
  });
});
