import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventEnvelope } from '@tidings/contracts';
import { CARD_ACTION_TYPE, isNeverDelivered } from '@tidings/integrations/domain';
import { EventBus } from '@tidings/platform/bus';
import { DeliveryDispatcher } from './delivery-dispatcher';
import { DeliveryEnqueuer } from './delivery-enqueuer';

/**
 * A card action the card-action route delivers itself, at once, so the receiver's answer can
 * update the card before the click returns. The consumer's copy waits this long first: it only
 * matters if that route failed to (the process stopped right after the click was recorded).
 */
export const CARD_ACTION_GRACE_MS = 30_000;

/**
 * Feeds the delivery engine from the bus (group `integrations.outgoing`): every event of the
 * messaging, directory, identity and integrations topics is matched against the active
 * subscriptions, and a delivery made for each that receives it — once per (subscription, event)
 * whatever the redeliveries. Delivery outcomes (`integrations.delivery.*`) are never delivered.
 */
@Injectable()
export class OutgoingEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly GROUP = 'integrations.outgoing';
  static readonly TOPICS = ['messaging', 'directory', 'identity', 'integrations'];
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly enqueuer: DeliveryEnqueuer,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(
      OutgoingEventsConsumer.GROUP,
      OutgoingEventsConsumer.TOPICS,
      (event) => this.handle(event),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (isNeverDelivered(event.type)) return;
    const dueIn = event.type === CARD_ACTION_TYPE ? CARD_ACTION_GRACE_MS : 0;
    const made = await this.enqueuer.enqueue(event, dueIn);
    if (made.length > 0) this.dispatcher.wake();
  }
}
