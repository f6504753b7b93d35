import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { presenceChangedV1, type EventEnvelope } from '@tidings/contracts';
import { isStalePresence, presenceFrameText, presenceRecipients } from '@tidings/gateway/domain';
import { EventBus } from '@tidings/platform/bus';
import { GatewayMetrics } from '../gateway-metrics';
import { DELIVERY_ROUTE, type DeliveryRoute } from './ports';

/**
 * Who may see a user's presence, asked of presence (the gateway may not import it): the host
 * binds this to `PresenceAudience.recipientsOf` — the user, their peers, their subscribers.
 */
export interface PresenceRecipients {
  recipientsOf(userId: string): Promise<readonly string[]>;
}

export const PRESENCE_RECIPIENTS = Symbol('tidings.gateway.PresenceRecipients');
export const PRESENCE_FANOUT_GROUP = Symbol('tidings.gateway.PresenceFanoutGroup');
/**
 * ONE group, like the stored fan-out's: each change is decided once and handed to the delivery
 * route, which reaches this process's sockets (and, in distributed mode, every gateway's).
 */
export const DEFAULT_PRESENCE_FANOUT_GROUP = 'gateway.presence';

/**
 * `presence.changed` → an ephemeral frame on every device of every user who may see the change
 * (docs/realtime.md, _Presence_). Not stored, no seq: see presence-frames.ts for why.
 */
@Injectable()
export class PresenceFanoutConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('GatewayPresenceFanout');
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    @Inject(PRESENCE_RECIPIENTS) private readonly audience: PresenceRecipients,
    @Inject(DELIVERY_ROUTE) private readonly route: DeliveryRoute,
    @Inject(PRESENCE_FANOUT_GROUP) private readonly group: string,
    private readonly metrics: GatewayMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(
      this.group,
      [presenceChangedV1.topic],
      (event) => this.handle(event),
    );
    this.logger.log(`presence fan-out consuming presence in group ${this.group}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope, now = Date.now()): Promise<void> {
    if (event.type !== presenceChangedV1.type || event.version !== presenceChangedV1.version)
      return;
    if (isStalePresence(Date.parse(event.occurredAt), now)) {
      this.metrics.presenceFrames.inc({ outcome: 'stale' });
      return;
    }
    const data = presenceChangedV1.schema.parse(event.data);
    const recipients = presenceRecipients(
      data.userId,
      await this.audience.recipientsOf(data.userId),
    );
    // Serialized once; every device gets the same text.
    await this.route.ephemeral(recipients, presenceFrameText(data));
    this.metrics.presenceFrames.inc({ outcome: 'sent' });
  }
}
