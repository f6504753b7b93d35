import { Logger } from '@nestjs/common';
import { PresenceSubscriptions } from '@tidings/presence/domain';
import { describe, expect, it } from 'vitest';
import type { PresenceActions } from './presence.actions';
import type { PresenceQueries } from './presence.queries';
import { PresenceConnections } from './presence-connections';
import type { PresencePeers } from './presence-ports';

const ann = { userId: 'kc-ann', username: 'ann' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(resolveDelayMs: number, failConnected = false) {
  const calls: string[] = [];
  const peers: PresencePeers = {
    // A slow id lookup: the close arrives while the open is still resolving.
    personIdOf: async () => {
      await sleep(resolveDelayMs);
      return 'ann-id';
    },
    peersOf: async () => [],
    peersAmong: async () => [],
  };
  const actions = {
    connected: async (userId: string, id: string) => {
      if (failConnected) throw new Error('database down');
      calls.push(`connected ${userId} ${id}`);
    },
    disconnected: async (userId: string, id: string) =>
      void calls.push(`disconnected ${userId} ${id}`),
    activity: async (userId: string, id: string, a: string) =>
      void calls.push(`activity ${userId} ${id} ${a}`),
  } as unknown as PresenceActions;
  const subscriptions = new PresenceSubscriptions();
  const connections = new PresenceConnections(actions, peers, subscriptions, {} as PresenceQueries);
  return { calls, connections, subscriptions };
}

describe('PresenceConnections', () => {
  Logger.overrideLogger(false); // the failure below is logged on purpose

  it('applies one connection’s calls in the order the gateway made them', async () => {
    const { calls, connections } = setup(30);
    const opened = connections.connected(ann, 'c1');
    const idle = connections.activity(ann, 'c1', 'idle');
    const closed = connections.disconnected(ann, 'c1');
    await Promise.all([opened, idle, closed]);
    expect(calls).toEqual([
      'connected ann-id c1',
      'activity ann-id c1 idle',
      'disconnected ann-id c1',
    ]);
  });

  it('keeps going after a failed call, and drops the closed socket’s subscription', async () => {
    const { calls, connections, subscriptions } = setup(0, true);
    subscriptions.subscribe('ws:c2', 'ann-id', ['bob'], 60_000, Date.now());
    await connections.connected(ann, 'c2'); // logged, not thrown
    await connections.disconnected(ann, 'c2');
    await connections.drain();
    expect(calls).toEqual(['disconnected ann-id c2']);
    expect(subscriptions.viewersOf('bob', Date.now()).size).toBe(0);
  });
});
