import type { EventEnvelope } from '@tidings/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBusHarness,
  eventually,
  itemChanged,
  uniqueTopic,
  type BusHarness,
  type TransportFlavour,
} from './bus-harness.testing';
import type { Subscription } from './event-bus';

const flavours: Array<[TransportFlavour, 'sqlite' | 'postgres']> = [
  ['memory', 'sqlite'],
  ['kafka', 'postgres'],
];

/**
 * Where a consumer group without a committed position starts: `earliest` reads what the
 * topic retains, `latest` only what comes after it joined (a gateway's per-process live feed).
 */
describe.each(flavours)('a new consumer group on %s (outbox in %s)', (transport, database) => {
  let h: BusHarness;
  const open: Subscription[] = [];

  beforeAll(async () => {
    h = await createBusHarness(transport, database);
  });

  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await h?.close();
  });

  it('starts at the beginning by default, and after the last record with startAt latest', async () => {
    const topic = uniqueTopic();
    const contract = itemChanged(topic);
    const publish = (label: string, seq: number) =>
      h.runner.run(async (tx) => {
        tx.publish(contract, {
          key: 'k',
          actor: { kind: 'system', id: 'test' },
          data: { seq, label },
        });
      });
    const seen = (into: string[]) => async (event: EventEnvelope) => {
      into.push(String((event.data as { label: string }).label));
    };

    const early: string[] = [];
    open.push(await h.bus.subscribe('early', [topic], seen(early)));
    for (let i = 1; i <= 5; i++) await publish('backlog', i);
    await eventually(
      () => early.length >= 5,
      30_000,
      () => `early saw ${early.length}`,
    );

    const late: string[] = [];
    open.push(await h.bus.subscribe('late', [topic], seen(late), {}, { startAt: 'latest' }));
    // Until the group has pinned its position it may not see a record published meanwhile:
    // publish markers until one arrives, then nothing from before it joined may have come.
    for (let n = 0; late.length === 0; n++) {
      if (n >= 120) throw new Error(`late saw nothing after ${n} markers`);
      await publish('marker', 100 + n);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await publish('after', 1000);
    await eventually(
      () => late.includes('after'),
      30_000,
      () => late.join(','),
    );
    expect(late).not.toContain('backlog');
    expect(early.slice(0, 5)).toEqual(Array(5).fill('backlog'));
  });
});
