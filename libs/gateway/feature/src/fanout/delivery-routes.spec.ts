import { randomUUID } from 'node:crypto';
import {
  deliveryEphemeralV1,
  deliveryStoredV1,
  type EventContract,
  type EventEnvelope,
} from '@tidings/contracts';
import type { AppendedDelivery } from '@tidings/gateway/data-access';
import { frameText, type UserEvent } from '@tidings/gateway/domain';
import type { NewEvent, TransactionRunner, Tx } from '@tidings/platform/bus';
import { describe, expect, it } from 'vitest';
import { DeliveryConsumer } from './delivery.consumer';
import { BusDeliveryRoute, DELIVERY_KEY, DirectDeliveryRoute } from './delivery-routes';
import type { DeliverySink } from './ports';

const appended: AppendedDelivery[] = [
  {
    delivery: {
      sourceEventId: 'e1',
      type: 'messaging.message.sent',
      payload: '{"text":"hi"}',
      occurredAt: 1_700_000_000_000,
      recipients: ['alice', 'bob'],
    },
    seqs: [
      { userId: 'alice', seq: 7 },
      { userId: 'bob', seq: 3 },
    ],
  },
];

/** A transaction that keeps what was published, as the outbox would. */
function recordingTx(): { tx: Tx; published: EventEnvelope[] } {
  const published: EventEnvelope[] = [];
  const tx = {
    manager: undefined as never,
    publish: <C extends EventContract>(contract: C, event: NewEvent<C>) => {
      const envelope: EventEnvelope = {
        id: randomUUID(),
        type: contract.type,
        version: contract.version,
        key: event.key,
        occurredAt: new Date().toISOString(),
        actor: event.actor,
        source: 'gateway',
        data: contract.schema.parse(event.data),
      };
      published.push(envelope);
      return envelope as never;
    },
  } as Tx;
  return { tx, published };
}

function recordingSink() {
  const frames: string[] = [];
  const broadcasts: Array<{ ids: readonly string[]; text: string; except?: string }> = [];
  const sink: DeliverySink = {
    deliver: (events: readonly UserEvent[]) =>
      frames.push(...events.map((e) => `${e.userId}:${frameText(e.frame, e.seq)}`)),
    broadcast: (ids, text, except) => broadcasts.push({ ids, text, except }),
  };
  return { sink, frames, broadcasts };
}

describe('delivery routes', () => {
  it('direct: nothing in the transaction, every recipient framed after commit', () => {
    const { sink, frames } = recordingSink();
    const route = new DirectDeliveryRoute(sink);
    const { tx, published } = recordingTx();
    route.withinTransaction(tx, appended);
    expect(published).toEqual([]);
    route.afterCommit(appended);
    expect(frames).toEqual([
      'alice:{"type":"messaging.message.sent","seq":7,"data":{"text":"hi"}}',
      'bob:{"type":"messaging.message.sent","seq":3,"data":{"text":"hi"}}',
    ]);
  });

  it('bus: one record per event in the transaction, read back into the same frames', () => {
    const { tx, published } = recordingTx();
    const route = new BusDeliveryRoute({} as TransactionRunner);
    route.withinTransaction(tx, appended);
    route.afterCommit(appended); // nothing more: the record travels through the outbox
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ type: deliveryStoredV1.type, key: DELIVERY_KEY });
    expect(published[0]?.data).toEqual({
      type: 'messaging.message.sent',
      payload: '{"text":"hi"}',
      occurredMs: 1_700_000_000_000,
      seqs: [
        { userId: 'alice', seq: 7 },
        { userId: 'bob', seq: 3 },
      ],
    });

    // Another process's consumer turns the record into what the direct route would deliver.
    const { sink, frames } = recordingSink();
    new DeliveryConsumer({} as never, sink, 'g').handle(published[0] as EventEnvelope);
    const direct = recordingSink();
    new DirectDeliveryRoute(direct.sink).afterCommit(appended);
    expect(frames).toEqual(direct.frames);
  });

  it('bus: typing goes through the outbox and comes out as a broadcast', async () => {
    const { tx, published } = recordingTx();
    const runner: TransactionRunner = { run: (work) => work(tx) };
    await new BusDeliveryRoute(runner).ephemeral(['alice', 'bob'], '{"type":"typing"}', 'bob');
    expect(published.map((e) => e.type)).toEqual([deliveryEphemeralV1.type]);
    const { sink, broadcasts } = recordingSink();
    new DeliveryConsumer({} as never, sink, 'g').handle(published[0] as EventEnvelope);
    expect(broadcasts).toEqual([
      { ids: ['alice', 'bob'], text: '{"type":"typing"}', except: 'bob' },
    ]);
  });
});
