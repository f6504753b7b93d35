import 'reflect-metadata';
import { isDeclared } from '@tidings/gateway/domain';
import { describe, expect, it } from 'vitest';
import { registeredHandler, type FrameContext } from '../frame-handler';
import type { GatewayPresence } from '../presence-port';
import { PresenceHandler, PresenceSubscribeHandler } from './presence.handlers';

const context = {
  principal: { kind: 'user', userId: 'kc-ann', username: 'ann', permissions: new Set<string>() },
  connectionId: 'c1',
  replyTo: 'r1',
} as unknown as FrameContext;

function recordingPort(calls: unknown[][]): GatewayPresence {
  return {
    connected: async (...args) => void calls.push(['connected', ...args]),
    disconnected: async (...args) => void calls.push(['disconnected', ...args]),
    activity: async (...args) => void calls.push(['activity', ...args]),
    subscribe: async (...args) => {
      calls.push(['subscribe', ...args]);
      return { expiresAt: 'then', users: [] };
    },
  };
}

describe('presence frame handlers', () => {
  it('declare their permission and schema', () => {
    const port = recordingPort([]);
    const presence = registeredHandler(new PresenceHandler(port));
    const subscribe = registeredHandler(new PresenceSubscribeHandler(port));
    expect([presence, subscribe].map((h) => [h.type, h.permission, isDeclared(h)])).toEqual([
      ['presence', 'self.read', true],
      ['presence.subscribe', 'directory.read', true],
    ]);
    expect(presence.schema.safeParse({ type: 'presence', state: 'idle' }).success).toBe(true);
    expect(presence.schema.safeParse({ type: 'presence', state: 'asleep' }).success).toBe(false);
    const tooMany = Array.from({ length: 501 }, (_, i) => `u${i}`);
    expect(
      subscribe.schema.safeParse({ type: 'presence.subscribe', userIds: tooMany }).success,
    ).toBe(false);
  });

  it('pass the frame to the port as the signed-in person, on this connection', async () => {
    const calls: unknown[][] = [];
    const port = recordingPort(calls);
    await new PresenceHandler(port).handle({ type: 'presence', state: 'idle' }, context);
    const reply = await new PresenceSubscribeHandler(port).handle(
      { type: 'presence.subscribe', userIds: ['bob'], ttlSeconds: 60 },
      context,
    );
    const person = { userId: 'kc-ann', username: 'ann' };
    expect(calls).toEqual([
      ['activity', person, 'c1', 'idle'],
      ['subscribe', person, 'c1', ['bob'], 60_000],
    ]);
    expect(reply).toEqual({
      type: 'presence.snapshot',
      data: { expiresAt: 'then', users: [], replyTo: 'r1' },
    });
  });
});
