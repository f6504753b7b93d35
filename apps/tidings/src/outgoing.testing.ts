import { DeliveryClock, DeliveryDispatcher, ManualClock } from '@tidings/integrations/feature';
import { Webhook } from 'standardwebhooks';
import { expect } from 'vitest';
import { MessagingTestHost, type As } from './messaging.testing';
import type { ReceivedRequest } from './webhook-receiver.testing';

export const admin: As = { username: 'root', roles: ['admin'] };

/** A delivery as the delivery log lists it. */
export interface Delivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

export interface Attempt {
  number: number;
  requestHeaders: Record<string, string>;
  requestBody: { type: string; data: { text?: string; messageId?: string } };
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
  responseBody: string | null;
}

/** A delivery with its tries (`attempts` is then the list). */
export type DeliveryDetail = Omit<Delivery, 'attempts'> & { attempts: Attempt[] };

/** What a receiver got, verified as a receiver would (Standard Webhooks' reference library). */
export const verified = (secret: string, request: ReceivedRequest) =>
  new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
    type: string;
    data: { text: string; conversationId: string };
    event: { id: string };
  };

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

/**
 * The whole host with outgoing webhooks' test handles: the delivery clock is a ManualClock
 * (retry timing without sleeping), jitter is pinned, and the admin API is a method away.
 */
export class OutgoingTestHost extends MessagingTestHost {
  readonly clock = new ManualClock();
  /** Subscriptions made through `subscribe`, deleted by `unsubscribeAll`. */
  private readonly created: string[] = [];

  override async start(env: Record<string, string>): Promise<this> {
    await super.start(env);
    this.app.get(DeliveryClock).use(this.clock);
    this.dispatcher.random = () => 0.5; // the schedule without jitter: waits are exact
    return this;
  }

  get dispatcher(): DeliveryDispatcher {
    return this.app.get(DeliveryDispatcher);
  }

  async subscribe(body: Record<string, unknown>) {
    const response = await this.call('POST', '/integrations/subscriptions', admin, {
      name: 'test',
      events: ['messaging.message.sent'],
      ...body,
    });
    expect(response.statusCode, response.body).toBe(201);
    const answer = response.json() as { subscription: { id: string }; secret: string };
    this.created.push(answer.subscription.id);
    return { id: answer.subscription.id, secret: answer.secret };
  }

  async unsubscribeAll(): Promise<void> {
    for (const id of this.created.splice(0))
      await this.call('DELETE', `/integrations/subscriptions/${id}`, admin);
  }

  async deliveries(subscriptionId: string, query = '') {
    const response = await this.call(
      'GET',
      `/integrations/subscriptions/${subscriptionId}/deliveries${query}`,
      admin,
    );
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: Delivery[]; nextCursor: string | null };
  }

  async detail(deliveryId: string): Promise<DeliveryDetail> {
    const response = await this.call('GET', `/integrations/deliveries/${deliveryId}`, admin);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as DeliveryDetail;
  }

  /** Waits until the subscription has `count` deliveries (the bus runs on its own). */
  async deliveriesMade(subscriptionId: string, count: number): Promise<Delivery[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { items } = await this.deliveries(subscriptionId);
      if (items.length >= count) return items;
      if (Date.now() > deadline) throw new Error(`${items.length} deliveries, expected ${count}`);
      await pause();
    }
  }

  /**
   * Waits until the outgoing consumer has handled the `messaging.message.sent` of these
   * messages (its committed position passed their records): what it decided is in the database.
   */
  async consumed(...messageIds: string[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (const messageId of messageIds)
      for (;;) {
        const [record] = (await this.dataSource.query(
          `SELECT l.id, o.position FROM platform_bus_log l
           LEFT JOIN platform_bus_offsets o ON o.group_id = 'integrations.outgoing'
             AND o.topic = l.topic AND o.partition_no = l.partition_no
           WHERE l.topic = 'messaging' AND l.record_value LIKE '%"messageId":"${messageId}"%'
             AND l.record_value LIKE '%messaging.message.sent%'`,
        )) as Array<{ id: unknown; position: unknown }>;
        if (record && record.position !== null && Number(record.position) >= Number(record.id))
          break;
        if (Date.now() > deadline) throw new Error(`the consumer never handled ${messageId}`);
        await pause();
      }
  }

  /** Moves the delivery clock and lets the dispatcher try what became due. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.dispatcher.runDue();
  }

  /** The `integrations.delivery.*` events recorded in the outbox for a delivery. */
  async outcomes(deliveryId: string) {
    const rows = (await this.dataSource.query(
      `SELECT envelope FROM integrations_outbox WHERE envelope LIKE '%${deliveryId}%'`,
    )) as Array<{ envelope: string }>;
    return rows.map(
      (r) =>
        JSON.parse(r.envelope) as {
          type: string;
          data: { attempt: number; final?: boolean; finalReason?: string | null };
        },
    );
  }
}
