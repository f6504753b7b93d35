import { describe, expect, it } from 'vitest';
import { PartitionLanes } from './partition-lanes';

/** A task the test finishes by hand, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return {
    task: () => {
      log.push(`start ${name}`);
      return done.then(() => void log.push(`end ${name}`));
    },
    open,
    fail,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PartitionLanes', () => {
  it('runs one lane in order and other lanes beside it', async () => {
    const log: string[] = [];
    const lanes = new PartitionLanes(10);
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');
    await lanes.add('a', a1.task);
    await lanes.add('a', a2.task);
    await lanes.add('b', b1.task);
    await tick();
    // b1 runs while a1 is unfinished; a2 waits for a1.
    expect(log).toEqual(['start a1', 'start b1']);
    b1.open();
    a1.open();
    await tick();
    expect(log).toContain('start a2');
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
    a2.open();
    await lanes.idle();
    expect(log.filter((l) => l.startsWith('end'))).toHaveLength(3);
  });

  it('makes the caller wait when maxInFlight tasks are queued or running', async () => {
    const log: string[] = [];
    const lanes = new PartitionLanes(2);
    const first = gate(log, 'first');
    const second = gate(log, 'second');
    await lanes.add('a', first.task);
    let third = false;
    const adding = lanes.add('b', second.task).then(() => (third = true));
    await tick();
    expect(third).toBe(false);
    first.open();
    await adding;
    expect(third).toBe(true);
    second.open();
    await lanes.idle();
  });

  it('starts nothing after a failure, in any lane, and keeps the first error', async () => {
    const log: string[] = [];
    const lanes = new PartitionLanes(10);
    const a1 = gate(log, 'a1');
    const a2 = gate(log, 'a2');
    const b1 = gate(log, 'b1');
    const b2 = gate(log, 'b2');
    await lanes.add('a', a1.task);
    await lanes.add('a', a2.task);
    await lanes.add('b', b1.task);
    await lanes.add('b', b2.task);
    await tick();
    a1.fail(new Error('closing'));
    await tick();
    expect(lanes.stopped).toBe(true);
    expect((lanes.error as Error).message).toBe('closing');
    b1.open(); // already running: it finishes
    await lanes.idle();
    expect(log).toEqual(['start a1', 'start b1', 'end b1']);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new PartitionLanes(0)).toThrow(/positive integer/);
  });
});
