import type { AppendedDelivery, DeliveryStore, NewDelivery } from '@tidings/gateway/data-access';
import { frameText, type UserEvent } from '@tidings/gateway/domain';
import { describe, expect, it } from 'vitest';
import { FanoutWriter } from './fanout-writer';
import { DirectDeliveryRoute } from './delivery-routes';
import type { DeliverySink } from './ports';

/** A store whose transactions the test lets commit one at a time. */
class GatedStore implements Pick<DeliveryStore, 'append'> {
  readonly batches: string[][] = [];
  private readonly gates: Array<() => void> = [];
  private seq = 0;
  failNext = false;

  append(batch: readonly NewDelivery[]): Promise<AppendedDelivery[]> {
    this.batches.push(batch.map((d) => d.sourceEventId));
    return new Promise((resolve, reject) => {
      this.gates.push(() => {
        if (this.failNext) {
          this.failNext = false;
          reject(new Error('deadlock'));
          return;
        }
        resolve(
          batch.map((delivery) => ({
            delivery,
            seqs: delivery.recipients.map((userId) => ({ userId, seq: ++this.seq })),
          })),
        );
      });
    });
  }

  async commit(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.gates.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

const delivery = (id: string): NewDelivery => ({
  sourceEventId: id,
  type: 'messaging.message.sent',
  payload: `{"id":"${id}"}`,
  occurredAt: 0,
  recipients: ['u1'],
});

describe('FanoutWriter (group commit)', () => {
  it('writes what queued during a transaction together in the next, delivering after commit', async () => {
    const store = new GatedStore();
    const delivered: UserEvent[] = [];
    const sink: DeliverySink = { deliver: (e) => delivered.push(...e), broadcast: () => undefined };
    const writer = new FanoutWriter(
      store as unknown as DeliveryStore,
      new DirectDeliveryRoute(sink),
    );

    const first = writer.write(delivery('e1'));
    // The writer gathers what is handed over in the same turn; e1 came alone.
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [writer.write(delivery('e2')), writer.write(delivery('e3'))];
    expect(delivered).toEqual([]); // nothing before the commit
    await store.commit();
    await first;
    expect(delivered.map((e) => frameText(e.frame, e.seq))).toEqual([
      '{"type":"messaging.message.sent","seq":1,"data":{"id":"e1"}}',
    ]);
    await store.commit();
    await Promise.all(rest);
    expect(store.batches).toEqual([['e1'], ['e2', 'e3']]);
    expect(delivered.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('gathers events handed over in the same turn into one transaction', async () => {
    const store = new GatedStore();
    const sink: DeliverySink = { deliver: () => undefined, broadcast: () => undefined };
    const writer = new FanoutWriter(
      store as unknown as DeliveryStore,
      new DirectDeliveryRoute(sink),
    );
    const written = [writer.write(delivery('e1'))];
    await Promise.resolve();
    written.push(writer.write(delivery('e2')));
    await store.commit();
    await Promise.all(written);
    expect(store.batches).toEqual([['e1', 'e2']]);
  });

  it('fails the whole batch of a failed transaction (the bus redelivers) and carries on', async () => {
    const store = new GatedStore();
    const sink: DeliverySink = { deliver: () => undefined, broadcast: () => undefined };
    const writer = new FanoutWriter(
      store as unknown as DeliveryStore,
      new DirectDeliveryRoute(sink),
    );
    store.failNext = true;
    const failed = expect(writer.write(delivery('e1'))).rejects.toThrow('deadlock');
    await store.commit();
    await failed;
    const next = writer.write(delivery('e2'));
    await store.commit();
    await expect(next).resolves.toBeUndefined();
  });
});
