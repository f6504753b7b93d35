import {
  deliveryEphemeralV1,
  deliveryStoredV1,
  type Actor,
  type DeliveryStoredV1,
} from '@tidings/contracts';
import type { AppendedDelivery } from '@tidings/gateway/data-access';
import type { TransactionRunner, Tx } from '@tidings/platform/bus';
import { userEventsOf } from './fanout-writer';
import type { DeliveryRoute, DeliverySink } from './ports';

/**
 * Every delivery record carries this key: one partition of the `gateway` topic, so a gateway
 * reads each fan-out process's records in the order they committed — seqs of one user arrive
 * in order even when they come from different conversations.
 */
export const DELIVERY_KEY = 'deliveries';

const GATEWAY_ACTOR: Actor = { kind: 'system', id: 'gateway' };

/** One process (embedded): stored events go to this process's sockets once they committed. */
export class DirectDeliveryRoute implements DeliveryRoute {
  constructor(private readonly sink: DeliverySink) {}

  withinTransaction(_tx: Tx, _appended: readonly AppendedDelivery[]): void {
    // Nothing travels: the sockets are all here.
  }

  afterCommit(appended: readonly AppendedDelivery[]): void {
    this.sink.deliver(userEventsOf(appended));
  }

  async ephemeral(recipientIds: readonly string[], text: string, except?: string): Promise<void> {
    this.sink.broadcast(recipientIds, text, except);
  }
}

/**
 * Several gateway processes: each stored event becomes a `gateway.delivery.stored` record in
 * the gateway's outbox, in the transaction that stored it — so no committed event misses its
 * record and no record announces an event that rolled back. Every process, this one included,
 * delivers what it reads back from the topic (DeliveryConsumer): one path for all sockets.
 */
export class BusDeliveryRoute implements DeliveryRoute {
  constructor(private readonly outbox: TransactionRunner) {}

  withinTransaction(tx: Tx, appended: readonly AppendedDelivery[]): void {
    for (const record of deliveryRecordsOf(appended)) {
      tx.publish(deliveryStoredV1, { key: DELIVERY_KEY, actor: GATEWAY_ACTOR, data: record });
    }
  }

  afterCommit(_appended: readonly AppendedDelivery[]): void {
    // The runner woke the relay on commit; the records reach the sockets through the topic.
  }

  /**
   * Typing is not stored, but it has to reach sockets on other processes too, and events
   * enter the bus only through an outbox: a one-row transaction (typing is throttled per
   * connection, so this stays rare next to messages).
   */
  async ephemeral(recipientIds: readonly string[], text: string, except?: string): Promise<void> {
    await this.outbox.run(async (tx) => {
      tx.publish(deliveryEphemeralV1, {
        key: DELIVERY_KEY,
        actor: GATEWAY_ACTOR,
        data: { text, recipientIds: [...recipientIds], ...(except ? { except } : {}) },
      });
    });
  }
}

/** The record of each stored event: its payload once, and every recipient's seq. */
export function deliveryRecordsOf(appended: readonly AppendedDelivery[]): DeliveryStoredV1[] {
  return appended.map(({ delivery, seqs }) => ({
    type: delivery.type,
    payload: delivery.payload,
    occurredMs: delivery.occurredAt,
    seqs: seqs.map(({ userId, seq }) => ({ userId, seq })),
  }));
}
