import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import type { Connection } from './connection';
import type { GatewayPresence } from './presence-port';
import { PresenceReportingRegistry } from './presence-registry';

function connection(id: string, username?: string): Connection {
  return {
    id,
    authStartedAt: Date.now(),
    principal: username
      ? { kind: 'user', userId: `kc-${username}`, username, permissions: new Set() }
      : undefined,
    get recipientId() {
      return username ? `kc-${username}` : undefined;
    },
  } as unknown as Connection;
}

describe('the presence-reporting connection registry', () => {
  const calls: string[] = [];
  const port: GatewayPresence = {
    connected: async (person, id) => void calls.push(`connected ${person.username} ${id}`),
    disconnected: async (person, id) => void calls.push(`disconnected ${person.username} ${id}`),
    activity: async () => undefined,
    subscribe: async () => undefined,
  };

  it('reports a socket once signed in, and its close — and nothing for a socket never signed in', () => {
    calls.length = 0;
    const registry = new PresenceReportingRegistry(port);
    const signedIn = connection('c1', 'ann');
    const anonymous = connection('c2');
    registry.add(signedIn);
    registry.add(anonymous);
    expect(registry.bind(signedIn)).toBe(true);
    registry.remove(anonymous);
    registry.remove(signedIn);
    registry.remove(signedIn); // a second remove reports nothing more
    expect(calls).toEqual(['connected ann c1', 'disconnected ann c1']);
    expect(registry.ofUser('kc-ann')).toEqual([]);
  });

  it('reports nothing for a sign-in the registry refused (sessions revoked meanwhile)', () => {
    calls.length = 0;
    const registry = new PresenceReportingRegistry(port);
    const late = connection('c3', 'bob');
    registry.add(late);
    registry.revoke('kc-bob', Date.now() + 60_000);
    expect(registry.bind(late)).toBe(false);
    registry.remove(late);
    expect(calls).toEqual([]);
  });
});
