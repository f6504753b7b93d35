import 'reflect-metadata';
import type { EventEnvelope } from '@tidings/contracts';
import type { AppendedDelivery, DeliveryStore, NewDelivery } from '@tidings/gateway/data-access';
import { DEFAULT_FANOUT_SETTINGS } from '@tidings/gateway/domain';
import type { EventBus } from '@tidings/platform/bus';
import { MetricsService } from '@tidings/platform/health';
import { describe, expect, it } from 'vitest';
import { ConnectionRegistry } from '../connection-registry';
import { GatewayMetrics } from '../gateway-metrics';
import { AudienceLookup } from './audience';
import { FanoutConsumer } from './fanout.consumer';
import { DirectDeliveryRoute } from './delivery-routes';
import type { PersonPeers } from './people-port';
import type { ConversationAudience, DeliverySink } from './ports';

/** The consumer's decisions, with messaging's answers and the store played by the test. */
function harness(members: Record<string, string[]>, peers?: PersonPeers) {
  const asked: string[] = [];
  const audience: ConversationAudience = {
    membersOf: async (id) => {
      asked.push(id);
      return members[id] ?? [];
    },
  };
  const stored: NewDelivery[] = [];
  const store = {
    append: async (batch: readonly NewDelivery[]): Promise<AppendedDelivery[]> => {
      stored.push(...batch);
      return batch.map((delivery) => ({ delivery, seqs: [] }));
    },
  } as unknown as DeliveryStore;
  const sink: DeliverySink = { deliver: () => undefined, broadcast: () => undefined };
  const metrics = new GatewayMetrics(new MetricsService(), new ConnectionRegistry());
  const consumer = new FanoutConsumer(
    {} as EventBus,
    new AudienceLookup(audience, DEFAULT_FANOUT_SETTINGS),
    store,
    new DirectDeliveryRoute(sink),
    'gateway.fanout',
    metrics,
    DEFAULT_FANOUT_SETTINGS,
    peers,
  );
  return { consumer, asked, stored };
}

let n = 0;
const envelope = (type: string, data: unknown, occurredAt = new Date()): EventEnvelope => ({
  id: `01890000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  type,
  version: 1,
  key: 'c1',
  occurredAt: occurredAt.toISOString(),
  actor: { kind: 'user', id: 'u-a' },
  source: 'messaging',
  data,
});
const memberEvent = (type: string, userId: string) =>
  envelope(type, { conversationId: 'c1', userId, role: 'member', reason: 'left', by: userId });

describe('FanoutConsumer', () => {
  it('asks for the audience once, and again after a membership change', async () => {
    const members = { c1: ['u-a', 'u-b'] };
    const { consumer, asked, stored } = harness(members);
    await consumer.handle(envelope('messaging.reaction.added', reaction()));
    await consumer.handle(envelope('messaging.reaction.added', reaction()));
    expect(asked).toEqual(['c1']);
    members.c1 = ['u-a'];
    await consumer.handle(memberEvent('messaging.member.left', 'u-b'));
    expect(asked).toEqual(['c1', 'c1']);
    // The leaver hears of it; the payload is the contract's fields, serialized once.
    expect(stored.at(-1)?.recipients).toEqual(['u-a', 'u-b']);
    expect(JSON.parse(stored.at(-1)?.payload ?? '')).toMatchObject({ userId: 'u-b' });
  });

  it('skips what it must not deliver: unknown versions, nobody to tell, the expired backlog', async () => {
    const { consumer, stored } = harness({ c1: ['u-a'] });
    await consumer.handle({ ...envelope('messaging.reaction.added', reaction()), version: 9 });
    await consumer.handle(
      envelope('messaging.reaction.added', { ...reaction(), conversationId: 'c2' }),
    );
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    await consumer.handle(envelope('messaging.reaction.added', reaction(), twoDaysAgo));
    expect(stored).toEqual([]);
  });

  it('refuses a payload that breaks its contract (the bus retries, then dead-letters it)', async () => {
    const { consumer } = harness({ c1: ['u-a'] });
    await expect(
      consumer.handle(envelope('messaging.reaction.added', { conversationId: 'c1' })),
    ).rejects.toThrow();
  });

  it("asks for a deactivated person's peers including the conversations the deactivation ended", async () => {
    const asked: Array<{ userId: string; includeDeactivated: boolean | undefined }> = [];
    const peers: PersonPeers = {
      peersOf: async (userId, options) => {
        asked.push({ userId, includeDeactivated: options?.includeDeactivated });
        return ['u-b'];
      },
    };
    const { consumer, stored } = harness({}, peers);
    await consumer.handle(
      envelope('directory.user.deactivated', {
        userId: 'u-d',
        username: 'dave',
        reason: 'admin',
        deactivatedAt: new Date().toISOString(),
      }),
    );
    // Messaging may already have taken the person out of every conversation when the gateway
    // asks: for the deactivation itself, those conversations still count.
    expect(asked).toEqual([{ userId: 'u-d', includeDeactivated: true }]);
    expect(stored[0]?.recipients).toEqual(['u-b']);
  });
});

function reaction() {
  return {
    conversationId: 'c1',
    messageId: 'm1',
    seq: 1,
    userId: 'u-a',
    emoji: '👍',
    reactedAt: new Date().toISOString(),
  };
}
