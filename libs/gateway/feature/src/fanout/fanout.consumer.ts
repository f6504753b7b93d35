import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { findContract, type EventEnvelope } from '@tidings/contracts';
import type { DeliveryStore } from '@tidings/gateway/data-access';
import {
  audienceKindOf,
  changesAudience,
  FANOUT_TOPICS,
  recipientsOf,
  type FanoutSettings,
} from '@tidings/gateway/domain';
import { EventBus } from '@tidings/platform/bus';
import { GatewayMetrics } from '../gateway-metrics';
import { AudienceLookup } from './audience';
import { FanoutWriter } from './fanout-writer';
import { PERSON_PEERS, type PersonPeers } from './people-port';
import { DELIVERY_ROUTE, DELIVERY_STORE, FANOUT_SETTINGS, type DeliveryRoute } from './ports';

export const FANOUT_GROUP = Symbol('tidings.gateway.FanoutGroup');

/**
 * The fan-out stage: consumes the `messaging` topic — and `directory`, when the host binds the
 * person-peers port — in ONE consumer group (every event is
 * stored once, whichever process handles it), decides each event's recipients, stores it with
 * their next seqs and hands it to the delivery route (docs/realtime.md, _Who receives what_).
 */
@Injectable()
export class FanoutConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GatewayFanout');
  private readonly writer: FanoutWriter;
  private subscription: { close(): Promise<void> } | undefined;
  private readonly topics: readonly string[];

  constructor(
    private readonly bus: EventBus,
    private readonly audience: AudienceLookup,
    @Inject(DELIVERY_STORE) store: DeliveryStore,
    @Inject(DELIVERY_ROUTE) route: DeliveryRoute,
    @Inject(FANOUT_GROUP) private readonly group: string,
    private readonly metrics: GatewayMetrics,
    @Inject(FANOUT_SETTINGS) private readonly settings: FanoutSettings,
    @Optional() @Inject(PERSON_PEERS) private readonly peers?: PersonPeers,
  ) {
    // One subscription, one writer for both topics: seqs and live delivery stay in one order
    // per user (see FanoutWriter).
    this.topics = peers ? FANOUT_TOPICS : ['messaging'];
    this.writer = new FanoutWriter(store, route, (outcome, count) => {
      if (count > 0) metrics.fannedOut.inc({ outcome }, count);
    });
  }

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(this.group, [...this.topics], (event) =>
      this.handle(event),
    );
    this.logger.log(`fan-out consuming ${this.topics.join(', ')} in group ${this.group}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    // Versions we do not know are not passed on: a client is promised the documented shape.
    const contract = findContract(event.type, event.version);
    if (!contract || !this.topics.includes(contract.topic) || event.version !== 1) return;
    const occurredAt = Date.parse(event.occurredAt);
    // A new consumer group starts at the beginning of the topic (a first boot after an upgrade,
    // a lost offset): events older than the window would be pruned unseen, and a device that
    // old resyncs anyway — so the backlog is skipped instead of stored.
    if (occurredAt < Date.now() - this.settings.retentionMs) {
      this.metrics.fannedOut.inc({ outcome: 'expired' });
      return;
    }
    const data = contract.schema.parse(event.data) as { conversationId?: unknown };
    const conversationId = typeof data.conversationId === 'string' ? data.conversationId : '';
    // Membership changed: forget the cached members before asking, so the event itself reaches
    // the members as they are after it.
    if (conversationId && changesAudience(event.type)) this.audience.invalidate(conversationId);
    const recipients = recipientsOf(event.type, data, await this.audienceOf(event.type, data));
    if (recipients.length === 0) {
      this.metrics.fannedOut.inc({ outcome: 'nobody' });
      return;
    }
    await this.writer.write({
      sourceEventId: event.id,
      type: event.type,
      // Serialized once here; every recipient's frame is spliced from this text.
      payload: JSON.stringify(data),
      occurredAt,
      recipients,
    });
  }

  /** The conversation's members or the subject's peers, as the event's rule needs (or none). */
  private async audienceOf(
    type: string,
    data: { conversationId?: unknown; userId?: unknown },
  ): Promise<readonly string[]> {
    const kind = audienceKindOf(type);
    if (kind === 'conversation' && typeof data.conversationId === 'string') {
      return this.audience.membersOf(data.conversationId);
    }
    if (kind === 'peers' && this.peers && typeof data.userId === 'string') {
      return this.peers.peersOf(data.userId, {
        includeDeactivated: type === 'directory.user.deactivated',
      });
    }
    return [];
  }
}
