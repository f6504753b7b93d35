import { describe, expect, it } from 'vitest';
import { GroupCommit, type Outcome } from './group-commit';

/** A batch executor whose batches the test releases by hand. */
function gated() {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const commit = new GroupCommit<number, number>(async (jobs) => {
    batches.push(jobs);
    await new Promise<void>((resolve) => releases.push(resolve));
    return jobs.map((j): Outcome<number> =>
      j < 0 ? { ok: false, error: j } : { ok: true, value: j * 10 },
    );
  }, 3);
  const release = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    releases.shift()?.();
  };
  return { commit, batches, release };
}

describe('GroupCommit', () => {
  it('starts a lone job at once and batches what arrives while it commits', async () => {
    const { commit, batches, release } = gated();
    const first = commit.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((j) => commit.submit(j));
    expect(commit.backlog).toBe(4);
    await release();
    expect(await first).toBe(10);
    await release();
    await release();
    expect(await Promise.all(rest)).toEqual([20, 30, 40, 50]);
    // At most maxBatch (3) a batch, in submission order.
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('answers each job with its own outcome', async () => {
    const { commit, release } = gated();
    const answers = [commit.submit(7), commit.submit(-1), commit.submit(8)].map((p) =>
      p.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      ),
    );
    await release();
    await release();
    expect(await Promise.all(answers)).toEqual([{ value: 70 }, { error: -1 }, { value: 80 }]);
  });

  it('fails every job of a batch whose execution throws, and goes on with the next', async () => {
    let calls = 0;
    const commit = new GroupCommit<string, string>(async (jobs) => {
      calls++;
      if (calls === 1) throw new Error('database gone');
      return jobs.map((value) => ({ ok: true, value }));
    }, 10);
    const doomed = commit.submit('a');
    const later = commit.submit('b');
    await expect(doomed).rejects.toThrow('database gone');
    await expect(later).resolves.toBe('b');
  });

  it('with gather, lets jobs submitted in the same turn share the first batch', async () => {
    const batches: string[][] = [];
    const run = (options: { gather?: boolean }) => {
      const commit = new GroupCommit<string, string>(
        async (jobs) => {
          batches.push(jobs);
          return jobs.map((value) => ({ ok: true, value }));
        },
        10,
        options,
      );
      // Three handlers woken by one append, each handing over its event a microtask apart.
      return Promise.all(
        ['a', 'b', 'c'].map((job, i) =>
          Array.from({ length: i })
            .reduce<Promise<unknown>>((p) => p.then(() => undefined), Promise.resolve())
            .then(() => commit.submit(job)),
        ),
      );
    };
    await run({ gather: true });
    expect(batches).toEqual([['a', 'b', 'c']]);
    batches.length = 0;
    await run({});
    expect(batches[0]).toEqual(['a']);
  });

  it('refuses a batch size below one', () => {
    expect(() => new GroupCommit(async () => [], 0)).toThrow(/maxBatch/);
  });
});
