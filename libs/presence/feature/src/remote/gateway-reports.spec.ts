import {
  connectionActivityV1,
  connectionClosedV1,
  connectionOpenedV1,
  deliveryEphemeralV1,
  processHeartbeatV1,
  type EventContract,
  type EventEnvelope,
} from '@tidings/contracts';
import { PresenceSubscriptions } from '@tidings/presence/domain';
import { describe, expect, it } from 'vitest';
import type { PresenceActions } from '../presence.actions';
import type { PresencePeers } from '../presence-ports';
import { GatewayReports } from './gateway-reports';

const report = { processId: 'gw-1', connectionId: 'c1', userId: 'kc-ann', username: 'ann' };

const envelope = (contract: EventContract, data: unknown): EventEnvelope =>
  ({
    id: 'e',
    type: contract.type,
    version: contract.version,
    key: 'gw-1',
    occurredAt: new Date().toISOString(),
    actor: { kind: 'system', id: 'gateway' },
    data,
  }) as EventEnvelope;

function setup(options: { failConnected?: boolean } = {}) {
  const calls: string[] = [];
  const owners = new Map<string, string>();
  const actions = {
    connected: async (userId: string, id: string, holder: string) => {
      if (options.failConnected) throw new Error('database down');
      owners.set(id, userId);
      calls.push(`connected ${userId} ${id} ${holder}`);
    },
    disconnected: async (userId: string, id: string) => {
      owners.delete(id);
      calls.push(`disconnected ${userId} ${id}`);
    },
    activity: async (userId: string, id: string, a: string) =>
      void calls.push(`activity ${userId} ${id} ${a}`),
  } as unknown as PresenceActions;
  const peers: PresencePeers = {
    personIdOf: async (person) => `${person.username}-id`,
    peersOf: async () => [],
    peersAmong: async () => [],
  };
  const subscriptions = new PresenceSubscriptions();
  const leases = {
    renew: async (holder: string, ms: number) => void calls.push(`lease ${holder} ${ms}`),
  };
  const reports = new GatewayReports(
    actions,
    { ownerOf: async (id) => owners.get(id) },
    peers,
    subscriptions,
    leases,
  );
  return { calls, reports, subscriptions };
}

describe('GatewayReports', () => {
  it('files a remote socket under its process, as presence knows the person', async () => {
    const { calls, reports } = setup();
    await reports.handle(envelope(processHeartbeatV1, { processId: 'gw-1', leaseMs: 3000 }));
    await reports.handle(envelope(connectionOpenedV1, report));
    await reports.handle(envelope(connectionActivityV1, { ...report, state: 'idle' }));
    await reports.handle(envelope(connectionClosedV1, report));
    expect(calls).toEqual([
      'lease gw-1 3000',
      'connected ann-id c1 gw-1',
      'activity ann-id c1 idle',
      'disconnected ann-id c1',
    ]);
  });

  it('ignores activity and closes of sockets it never recorded (a redelivered close)', async () => {
    const { calls, reports } = setup();
    await reports.handle(envelope(connectionActivityV1, { ...report, state: 'idle' }));
    await reports.handle(envelope(connectionClosedV1, report));
    expect(calls).toEqual([]);
  });

  it('ends the closed socket’s directory subscription', async () => {
    const { reports, subscriptions } = setup();
    subscriptions.subscribe('ws:c1', 'ann-id', ['bob-id'], 60_000, Date.now());
    expect([...subscriptions.viewersOf('bob-id', Date.now())]).toEqual(['ann-id']);
    await reports.handle(envelope(connectionClosedV1, report));
    expect([...subscriptions.viewersOf('bob-id', Date.now())]).toEqual([]);
  });

  it('throws when presence could not record a report, so the bus retries it', async () => {
    const { reports } = setup({ failConnected: true });
    await expect(reports.handle(envelope(connectionOpenedV1, report))).rejects.toThrow(
      'database down',
    );
  });

  it('leaves the gateway’s delivery records alone, and refuses a malformed report', async () => {
    const { calls, reports } = setup();
    await reports.handle(envelope(deliveryEphemeralV1, { text: '{}', recipientIds: ['x'] }));
    expect(calls).toEqual([]);
    await expect(
      reports.handle(envelope(connectionOpenedV1, { ...report, connectionId: '' })),
    ).rejects.toThrow();
  });
});
