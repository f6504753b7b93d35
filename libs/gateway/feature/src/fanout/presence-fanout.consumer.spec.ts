import 'reflect-metadata';
import type { EventEnvelope } from '@tidings/contracts';
import type { EventBus } from '@tidings/platform/bus';
import { MetricsService } from '@tidings/platform/health';
import { describe, expect, it } from 'vitest';
import { ConnectionRegistry } from '../connection-registry';
import { GatewayMetrics } from '../gateway-metrics';
import type { DeliveryRoute } from './ports';
import { PresenceFanoutConsumer } from './presence-fanout.consumer';

/** The consumer with presence's answer and the delivery route played by the test. */
function harness(audience: Record<string, string[]>) {
  const sent: Array<{ recipients: readonly string[]; text: string }> = [];
  const route = {
    ephemeral: async (recipients: readonly string[], text: string) => {
      sent.push({ recipients, text });
    },
  } as unknown as DeliveryRoute;
  const consumer = new PresenceFanoutConsumer(
    {} as EventBus,
    { recipientsOf: async (userId) => audience[userId] ?? [] },
    route,
    'gateway.presence',
    new GatewayMetrics(new MetricsService(), new ConnectionRegistry()),
  );
  return { consumer, sent };
}

const view = (userId: string, state = 'online') => ({
  userId,
  state,
  lastSeenAt: null,
  dnd: null,
  status: null,
});
const envelope = (data: unknown, occurredAt: number, type = 'presence.changed'): EventEnvelope => ({
  id: '01890000-0000-7000-8000-000000000001',
  type,
  version: 1,
  key: 'u-bob',
  occurredAt: new Date(occurredAt).toISOString(),
  actor: { kind: 'system', id: 'presence' },
  source: 'presence',
  data,
});

describe('PresenceFanoutConsumer', () => {
  it('sends one serialized frame to the audience and the subject, nobody else', async () => {
    const { consumer, sent } = harness({ 'u-bob': ['u-carol', 'u-alice'] });
    const now = Date.now();
    await consumer.handle(envelope(view('u-bob', 'away'), now), now);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.recipients).toEqual(['u-alice', 'u-bob', 'u-carol']);
    expect(JSON.parse(sent[0]?.text ?? '')).toEqual({
      type: 'presence.changed',
      data: view('u-bob', 'away'),
    });
  });

  it('reaches only the subject when presence names nobody else', async () => {
    const { consumer, sent } = harness({});
    const now = Date.now();
    await consumer.handle(envelope(view('u-erin'), now), now);
    expect(sent.map((s) => s.recipients)).toEqual([['u-erin']]);
  });

  it('skips stale changes and other event types', async () => {
    const { consumer, sent } = harness({ 'u-bob': ['u-alice'] });
    const now = Date.now();
    await consumer.handle(envelope(view('u-bob'), now - 61_000), now);
    await consumer.handle(envelope(view('u-bob'), now, 'presence.something_else'), now);
    expect(sent).toEqual([]);
  });

  it('refuses a payload that does not match the contract (the bus retries, then dead-letters)', async () => {
    const { consumer, sent } = harness({});
    const now = Date.now();
    await expect(consumer.handle(envelope({ userId: 'u-bob' }, now), now)).rejects.toThrow();
    expect(sent).toEqual([]);
  });
});
