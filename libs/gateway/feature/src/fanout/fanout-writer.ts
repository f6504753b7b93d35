import type { AppendedDelivery, DeliveryStore, NewDelivery } from '@tidings/gateway/data-access';
import { eventFrame, type UserEvent } from '@tidings/gateway/domain';
import type { DeliveryRoute } from './ports';

interface Pending {
  delivery: NewDelivery;
  done: { resolve(): void; reject(error: unknown): void };
}

export type AppendOutcome = 'stored' | 'duplicate';

/**
 * Group commit for the fan-out. The bus hands events over one at a time per partition, several
 * partitions at once; each handler queues its event here and waits. One transaction runs at a
 * time and takes everything queued meanwhile — a batch per transaction under load, a single
 * event when idle — and the delivery route gets the events inside that transaction (bus mode's
 * outbox record) and after it commits (direct mode's hand-off to local sockets). One writer at
 * a time also keeps seqs and live delivery in the same order per user.
 *
 * A failed transaction fails every handler of its batch; the bus redelivers them, and events
 * that did commit before are recognised by their source id.
 */
export class FanoutWriter {
  private queue: Pending[] = [];
  private running = false;

  constructor(
    private readonly store: DeliveryStore,
    private readonly route: DeliveryRoute,
    private readonly onStored: (outcome: AppendOutcome, count: number) => void = () => undefined,
  ) {}

  write(delivery: NewDelivery): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ delivery, done: { resolve, reject } });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        let appended: AppendedDelivery[];
        try {
          appended = await this.store.append(
            batch.map((p) => p.delivery),
            (tx, stored) => this.route.withinTransaction(tx, stored),
          );
        } catch (error) {
          for (const p of batch) p.done.reject(error);
          continue;
        }
        this.onStored('stored', appended.length);
        this.onStored('duplicate', batch.length - appended.length);
        // Acknowledge first: the events are durable, and a socket's failure is not the bus's.
        for (const p of batch) p.done.resolve();
        this.route.afterCommit(appended);
      }
    } finally {
      this.running = false;
    }
  }
}

/** What a recipient's frame needs of a stored event: an appended one, or a delivery record. */
export interface StoredDelivery {
  delivery: Pick<NewDelivery, 'type' | 'payload' | 'occurredAt'>;
  seqs: ReadonlyArray<{ userId: string; seq: number }>;
}

/** Each stored event's frame is built once and shared by all its recipients. */
export function userEventsOf(appended: readonly StoredDelivery[]): UserEvent[] {
  const events: UserEvent[] = [];
  for (const { delivery, seqs } of appended) {
    const frame = eventFrame(delivery.type, delivery.payload, delivery.occurredAt);
    for (const { userId, seq } of seqs) events.push({ userId, seq, frame });
  }
  return events;
}
