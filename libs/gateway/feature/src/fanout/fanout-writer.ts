import type { DeliveryStore, NewDelivery } from '@tidings/gateway/data-access';
import { eventFrame, type UserEvent } from '@tidings/gateway/domain';
import { GroupCommit, type Outcome } from '@tidings/platform/bus';
import type { DeliveryRoute } from './ports';

/** Events stored per transaction at most. */
const MAX_BATCH = 1_000;

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
  private readonly commits: GroupCommit<NewDelivery, void>;

  constructor(
    private readonly store: DeliveryStore,
    private readonly route: DeliveryRoute,
    private readonly onStored: (outcome: AppendOutcome, count: number) => void = () => undefined,
  ) {
    // Gathering: several partitions' readers wake on one append and hand over an event each.
    this.commits = new GroupCommit((batch) => this.commit(batch), MAX_BATCH, { gather: true });
  }

  write(delivery: NewDelivery): Promise<void> {
    return this.commits.submit(delivery);
  }

  private async commit(batch: NewDelivery[]): Promise<Array<Outcome<void>>> {
    const appended = await this.store.append(batch, (tx, stored) =>
      this.route.withinTransaction(tx, stored),
    );
    this.onStored('stored', appended.length);
    this.onStored('duplicate', batch.length - appended.length);
    // The events are durable: a socket's failure is not the bus's, so it fails no handler.
    // Handed over before the next batch commits, so live delivery keeps each user's order.
    try {
      this.route.afterCommit(appended);
    } catch {
      // Each socket's own trouble is handled (and counted) where it is written to.
    }
    return batch.map(() => ({ ok: true, value: undefined }));
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
