import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@tidings/contracts';
import {
  SqlDeliveriesRepository,
  WebhooksRepository,
  type DeliveriesRepository,
  type DeliveryRecord,
  type SubscriptionRecord,
} from '@tidings/integrations/data-access';
import {
  CARD_ACTION_TYPE,
  deliveredBody,
  isNeverDelivered,
  subscriptionReceives,
} from '@tidings/integrations/domain';
import { uuidv7 } from '@tidings/platform/bus';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { DeliveryClock, EVENT_AUDIENCE, type EventAudience } from './ports';
import { SubscriptionsService } from './subscriptions.service';

/** How long the list of active subscriptions is reused when no write of this process changed it. */
const SUBSCRIPTIONS_TTL_MS = 5_000;

/** A delivery's id: its `webhook-id`. Time-ordered, so the log pages by id. */
export const newDeliveryId = () => `msg_${uuidv7().replaceAll('-', '')}`;

/**
 * Turns a bus event into deliveries: one per active subscription that receives it (its event
 * types and filters, docs/integrations-outgoing.md), created at most once per (subscription,
 * event) — the unique key makes a redelivered event, or the card-action route and the consumer
 * both handing over one click, create nothing twice. An event from before a subscription
 * existed is not delivered to it (a new subscription gets no history).
 */
@Injectable()
export class DeliveryEnqueuer {
  private readonly deliveries: DeliveriesRepository;
  private readonly webhooks: WebhooksRepository;
  private cached: { list: SubscriptionRecord[]; version: number; at: number } | null = null;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    private readonly subscriptions: SubscriptionsService,
    @Inject(EVENT_AUDIENCE) private readonly audience: EventAudience,
    private readonly clock: DeliveryClock,
  ) {
    this.deliveries = new SqlDeliveriesRepository(dataSource);
    this.webhooks = new WebhooksRepository(dataSource);
  }

  /**
   * The deliveries of this event (new, or made before for it), with their subscriptions. New
   * ones are due after `dueInMs` (0: at once).
   */
  async enqueue(
    event: EventEnvelope,
    dueInMs = 0,
  ): Promise<Array<{ delivery: DeliveryRecord; subscription: SubscriptionRecord }>> {
    if (isNeverDelivered(event.type)) return [];
    const occurredAt = Date.parse(event.occurredAt);
    const receiving = (await this.active()).filter(
      (s) =>
        s.createdAt <= occurredAt &&
        subscriptionReceives(
          { events: s.events, filters: s.filters, botId: s.botId, webhookId: s.webhookId },
          event,
        ),
    );
    const out: Array<{ delivery: DeliveryRecord; subscription: SubscriptionRecord }> = [];
    const seen = new Map<string, Promise<boolean>>();
    for (const subscription of receiving) {
      if (!(await this.mayObserve(event, subscription, seen))) continue;
      const delivery = await this.insert(event, subscription, dueInMs);
      if (delivery) out.push({ delivery, subscription });
    }
    return out;
  }

  private async insert(event: EventEnvelope, s: SubscriptionRecord, dueInMs: number) {
    const now = this.clock.now();
    const record: DeliveryRecord = {
      id: newDeliveryId(),
      subscriptionId: s.id,
      eventId: event.id,
      eventType: event.type,
      body: JSON.stringify(deliveredBody(event)),
      status: 'pending',
      attempts: 0,
      roundStart: 0,
      nextAttemptAt: now + dueInMs,
      lastStatusCode: null,
      lastError: null,
      createdAt: now,
      succeededAt: null,
      finishedAt: null,
    };
    if (await this.deliveries.insertIfNew(record)) return record;
    return this.deliveries.findByEvent(s.id, event.id);
  }

  /**
   * Whether the subscription may see an event of this conversation: a public channel, one its
   * bot is a member of, or one its webhook posts into. A card action always reaches the card's
   * sender. Answers are shared within one event (`seen`): one question per conversation and bot.
   */
  private async mayObserve(
    event: EventEnvelope,
    s: SubscriptionRecord,
    seen: Map<string, Promise<boolean>>,
  ): Promise<boolean> {
    const data = event.data as { conversationId?: unknown } | null;
    const conversationId = typeof data?.conversationId === 'string' ? data.conversationId : null;
    if (conversationId === null || event.type === CARD_ACTION_TYPE) return true;
    if (s.webhookId) {
      const webhook = await this.webhooks.find(s.webhookId);
      if (webhook?.targets.some((t) => t.id === conversationId)) return true;
    }
    const key = `${conversationId}\u0000${s.botId ?? ''}`;
    let answer = seen.get(key);
    if (!answer) seen.set(key, (answer = this.audience.mayObserve(conversationId, s.botId)));
    return answer;
  }

  private async active(): Promise<SubscriptionRecord[]> {
    const version = this.subscriptions.version;
    const now = Date.now();
    if (
      this.cached &&
      this.cached.version === version &&
      now - this.cached.at < SUBSCRIPTIONS_TTL_MS
    )
      return this.cached.list;
    const list = await this.subscriptions.listActive();
    this.cached = { list, version, at: now };
    return list;
  }
}
