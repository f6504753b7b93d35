import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { findContract, type EventEnvelope } from '@tidings/contracts';
import type { DeliveryStore } from '@tidings/gateway/data-access';
import {
  changesAudience,
  needsAudience,
  recipientsOf,
  type FanoutSettings,
} from '@tidings/gateway/domain';
import { EventBus } from '@tidings/platform/bus';
import { GatewayMetrics } from '../gateway-metrics';
import { AudienceLookup } from './audience';
import { FanoutWriter } from './fanout-writer';
import { DELIVERY_SINK, DELIVERY_STORE, FANOUT_SETTINGS, type DeliverySink } from './ports';

export const FANOUT_GROUP = Symbol('tidings.gateway.FanoutGroup');

/**
 * The fan-out stage: consumes the `messaging` topic in ONE consumer group (every event is
 * stored once, whichever process handles it), decides each event's recipients, stores it with
 * their next seqs and hands it to the delivery sink (docs/realtime.md, _Who receives what_).
 */
@Injectable()
export class FanoutConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GatewayFanout');
  private readonly writer: FanoutWriter;
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly audience: AudienceLookup,
    @Inject(DELIVERY_STORE) store: DeliveryStore,
    @Inject(DELIVERY_SINK) sink: DeliverySink,
    @Inject(FANOUT_GROUP) private readonly group: string,
    private readonly metrics: GatewayMetrics,
    @Inject(FANOUT_SETTINGS) private readonly settings: FanoutSettings,
  ) {
    this.writer = new FanoutWriter(store, sink, (outcome, count) => {
      if (count > 0) metrics.fannedOut.inc({ outcome }, count);
    });
  }

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(this.group, ['messaging'], (event) =>
      this.handle(event),
    );
    this.logger.log(`fan-out consuming messaging in group ${this.group}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    // Versions we do not know are not passed on: a client is promised the documented shape.
    const contract = findContract(event.type, event.version);
    if (!contract || contract.topic !== 'messaging' || event.version !== 1) return;
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
    const audience =
      conversationId && needsAudience(event.type)
        ? await this.audience.membersOf(conversationId)
        : [];
    const recipients = recipientsOf(event.type, data, audience);
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
}
