import type { EventEnvelope } from '@tidings/contracts';
import { deadLetterTopic, defineEvent } from '@tidings/contracts';
import { DependencyUnavailableError } from '@tidings/platform/errors';
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

type Item = { seq: number; label?: string };

/**
 * One contract, two transports: the embedded memory transport (log in SQLite) and a real
 * Kafka broker (outbox in PostgreSQL). Events go the production way: actions transaction →
 * outbox → relay → transport → subscriber.
 */
const flavours: Array<[TransportFlavour, 'sqlite' | 'postgres']> = [
  ['memory', 'sqlite'],
  ['kafka', 'postgres'],
];

describe.each(flavours)('event bus contract on %s (outbox in %s)', (transport, database) => {
  let h: BusHarness;
  const open: Subscription[] = [];

  beforeAll(async () => {
    h = await createBusHarness(transport, database);
  });

  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
    await h?.close();
  });

  async function subscribe(...args: Parameters<BusHarness['bus']['subscribe']>) {
    const s = await h.bus.subscribe(...args);
    open.push(s);
    return s;
  }

  /** Commits `count` events per key, interleaving keys, in transactions of `perTx` events. */
  async function publish(topic: string, keys: string[], count: number, perTx = 50) {
    const contract = itemChanged(topic);
    const all: Array<{ key: string; seq: number }> = [];
    for (let seq = 1; seq <= count; seq++) for (const key of keys) all.push({ key, seq });
    for (let i = 0; i < all.length; i += perTx) {
      await h.runner.run(async (tx) => {
        for (const { key, seq } of all.slice(i, i + perTx)) {
          tx.publish(contract, { key, actor: { kind: 'system', id: 'test' }, data: { seq } });
        }
      });
    }
  }

  function record(into: Map<string, number[]>) {
    return async (event: EventEnvelope) => {
      const list = into.get(event.key) ?? [];
      list.push((event.data as Item).seq);
      into.set(event.key, list);
    };
  }

  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const total = (m: Map<string, number[]>) => [...m.values()].reduce((s, l) => s + l.length, 0);

  it('keeps order per key across 3 keys × 1,000 events', async () => {
    const topic = uniqueTopic();
    const seen = new Map<string, number[]>();
    await subscribe('order', [topic], record(seen));
    await publish(topic, ['k1', 'k2', 'k3'], 1000);
    await eventually(
      () => total(seen) >= 3000,
      60_000,
      () => `${total(seen)} of 3000`,
    );
    for (const key of ['k1', 'k2', 'k3']) expect(seen.get(key)).toEqual(range(1000));
  });

  it('delivers at least once: a handler that throws on its first try still gets every event, in order', async () => {
    const topic = uniqueTopic();
    const attempts = new Map<string, number>();
    const seen = new Map<string, number[]>();
    await subscribe('flaky', [topic], async (event, info) => {
      attempts.set(event.id, (attempts.get(event.id) ?? 0) + 1);
      if (info.attempt === 1) throw new Error('first try fails');
      await record(seen)(event);
    });
    await publish(topic, ['a', 'b', 'c'], 20, 10);
    await eventually(
      () => total(seen) >= 60,
      30_000,
      () => `${total(seen)} of 60`,
    );
    for (const key of ['a', 'b', 'c']) expect(seen.get(key)).toEqual(range(20));
    expect([...attempts.values()].every((n) => n === 2)).toBe(true);
  });

  it('resumes a consumer stopped mid-stream after its last committed event', async () => {
    const topic = uniqueTopic();
    await publish(topic, ['r1', 'r2', 'r3'], 300);
    const first = new Map<string, number[]>();
    let handled = 0;
    const s1 = await h.bus.subscribe('resume', [topic], async (event) => {
      await record(first)(event);
      handled++;
      if (handled % 50 === 0) await new Promise((r) => setTimeout(r, 10));
    });
    await eventually(
      () => handled >= 250,
      60_000,
      () => `first consumer handled ${handled}`,
    );
    await s1.close();
    const stoppedAt = total(first);
    expect(stoppedAt).toBeLessThan(900); // it really stopped mid-stream

    const second = new Map<string, number[]>();
    await subscribe('resume', [topic], record(second));
    await eventually(
      () =>
        ['r1', 'r2', 'r3'].every((k) => (second.get(k)?.at(-1) ?? first.get(k)?.at(-1)) === 300),
      60_000,
      () => `second consumer got ${total(second)}`,
    );
    for (const key of ['r1', 'r2', 'r3']) {
      const before = first.get(key) ?? [];
      const after = second.get(key) ?? [];
      // Nothing lost: together they cover 1..300, and the second run picks up at or before
      // the first run's last event (a redelivery of uncommitted ones is allowed), never after.
      expect(new Set([...before, ...after])).toEqual(new Set(range(300)));
      if (after.length > 0 && before.length > 0)
        expect(after[0]).toBeLessThanOrEqual((before.at(-1) ?? 0) + 1);
      expect(after).toEqual([...after].sort((x, y) => x - y));
    }
    // Redeliveries are bounded by what was in flight, not the whole stream.
    expect(total(first) + total(second) - 900).toBeLessThan(transport === 'kafka' ? 900 : 10);
  });

  it('gives every event to each of two groups', async () => {
    const topic = uniqueTopic();
    const g1 = new Map<string, number[]>();
    const g2 = new Map<string, number[]>();
    await subscribe('fanout-one', [topic], record(g1));
    await subscribe('fanout-two', [topic], record(g2));
    await publish(topic, ['x', 'y'], 100);
    await eventually(
      () => total(g1) >= 200 && total(g2) >= 200,
      60_000,
      () => `${total(g1)}, ${total(g2)} of 200`,
    );
    for (const key of ['x', 'y']) {
      expect(g1.get(key)).toEqual(range(100));
      expect(g2.get(key)).toEqual(range(100));
    }
  });

  it('hands a subscription only the event types it asked for, and still moves past the others', async () => {
    const topic = uniqueTopic();
    const wanted = itemChanged(topic);
    const other = defineEvent({ ...wanted, type: `${topic}.item.noise` });
    const seen: Array<[string, number]> = [];
    await subscribe(
      'typed',
      [topic],
      async (event) => void seen.push([event.type, (event.data as Item).seq]),
      {},
      { types: [wanted.type] },
    );
    await h.runner.run(async (tx) => {
      for (let seq = 1; seq <= 20; seq++) {
        const contract = seq % 2 === 0 ? wanted : other;
        tx.publish(contract, { key: 'k', actor: { kind: 'system', id: 'test' }, data: { seq } });
      }
    });
    await eventually(
      () => seen.length >= 10,
      60_000,
      () => `${seen.length} of 10`,
    );
    expect(seen).toEqual(range(10).map((i) => [wanted.type, i * 2]));
    // Passed-over records are committed like handled ones: the group has no lag left.
    const sub = open.at(-1)!;
    let lag = -1;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      lag = (await sub.lag())[topic] ?? 0;
      if (lag === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lag).toBe(0);
  });

  it('moves a poison event to the dead-letter topic and keeps the other keys flowing', async () => {
    const topic = uniqueTopic();
    const seen = new Map<string, number[]>();
    const group = `poison${topic}`;
    await subscribe(
      group,
      [topic],
      async (event) => {
        if (event.key === 'bad' && (event.data as Item).seq === 1)
          throw new Error('cannot digest this');
        await record(seen)(event);
      },
      { maxAttempts: 3 },
    );
    const dead: Array<{ event: EventEnvelope; attempt: number }> = [];
    await subscribe(`${group}-dlq-reader`, [deadLetterTopic(group)], async (event, info) => {
      dead.push({ event, attempt: info.attempt });
    });
    await publish(topic, ['bad', 'good1', 'good2'], 5);
    await eventually(
      () => total(seen) >= 14 && dead.length >= 1,
      60_000,
      () => `${total(seen)} of 14 handled, ${dead.length} dead`,
    );
    expect(seen.get('good1')).toEqual(range(5));
    expect(seen.get('good2')).toEqual(range(5));
    // The poison event is skipped after its attempts; the rest of its key continues in order.
    expect(seen.get('bad')).toEqual([2, 3, 4, 5]);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.event).toMatchObject({ key: 'bad', data: { seq: 1 } });
    expect(h.metrics.deadLetters.get()).toBeTruthy();
  });

  it('waits for a dependency that is down instead of dead-lettering the event', async () => {
    const topic = uniqueTopic();
    const seen = new Map<string, number[]>();
    let outage = 6; // more failures than maxAttempts allows for a plain error
    await subscribe(
      `outage${topic}`,
      [topic],
      async (event) => {
        if (outage-- > 0) throw new DependencyUnavailableError('messaging', 'restarting');
        await record(seen)(event);
      },
      { maxAttempts: 3 },
    );
    await publish(topic, ['k'], 2);
    await eventually(
      () => total(seen) >= 2,
      60_000,
      () => `${total(seen)} of 2 handled`,
    );
    expect(seen.get('k')).toEqual(range(2));
  });

  it('closes at once while handlers of several partitions wait out a dependency', async () => {
    const topic = uniqueTopic();
    const waiting = new Set<string>();
    const s = await h.bus.subscribe(
      `closing${topic}`,
      [topic],
      async (event) => {
        waiting.add(event.key);
        throw new DependencyUnavailableError('messaging', 'down for good');
      },
      // Long enough that a wait nobody cut short would show in how long close takes.
      { initialBackoffMs: 30_000, maxBackoffMs: 30_000 },
    );
    // Keys spread over the partitions: several handlers back off at the same time.
    await publish(topic, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 1);
    await eventually(
      () => waiting.size >= 3,
      60_000,
      () => `${waiting.size} waiting`,
    );
    const started = performance.now();
    await s.close();
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('reports consumer lag and outbox backlog as metrics', async () => {
    const topic = uniqueTopic();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    await subscribe(`lag${topic}`, [topic], async () => {
      await gate;
      handled++;
    });
    await publish(topic, ['m1', 'm2'], 20);
    const lagOf = async () => {
      const text = await h.registry.metrics();
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`tidings_bus_consumer_lag{group="lag${topic}"`));
      return line ? Number(line.split(' ').at(-1)) : undefined;
    };
    // Published (backlog drained) but not consumed: the group lags behind.
    let lag: number | undefined;
    for (let i = 0; i < 100 && !(lag && lag > 0); i++) {
      lag = await lagOf();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(lag).toBeGreaterThan(0);
    expect(await h.registry.metrics()).toMatch(
      /tidings_outbox_backlog\{outbox="bustest_outbox"\} 0/,
    );

    release();
    await eventually(
      () => handled >= 40,
      30_000,
      () => `${handled} of 40 handled`,
    );
    for (let i = 0; i < 100 && lag !== 0; i++) {
      lag = await lagOf();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(lag).toBe(0);
  });
});
