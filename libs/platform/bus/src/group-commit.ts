/** What one job of a batch came to. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Group commit: jobs submitted while a batch is being committed wait, and the next batch takes
 * all of them (up to `maxBatch`) into one transaction. A lone job starts at once — it never
 * waits for company — so a single sender pays nothing, and under load the cost of a commit
 * (its statements, its WAL flush, the outbox relay's wake-up) is shared by everyone waiting.
 *
 * With `gather`, a batch waits for the event loop's current turn to end before it starts, so
 * jobs submitted by handlers woken together (the fan-out's partition readers after one append)
 * share it instead of the first going alone; it costs the first job one `setImmediate`.
 *
 * One batch runs at a time, in submission order: what two jobs of one submitter were given in
 * order is committed in that order. `execute` answers one outcome per job, in order; when it
 * throws, every job of the batch fails with that error.
 */
export class GroupCommit<J, R> {
  private readonly waiting: Array<{
    job: J;
    resolve: (value: R) => void;
    reject: (error: unknown) => void;
  }> = [];
  private draining = false;

  constructor(
    private readonly execute: (jobs: J[]) => Promise<Array<Outcome<R>>>,
    private readonly maxBatch: number,
    private readonly options: { gather?: boolean } = {},
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error('maxBatch must be ≥ 1');
  }

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  /** Jobs waiting for a batch (not counting the one being committed). */
  get backlog(): number {
    return this.waiting.length;
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        if (this.options.gather) await new Promise((resolve) => setImmediate(resolve));
        const batch = this.waiting.splice(0, this.maxBatch);
        let outcomes: Array<Outcome<R>>;
        try {
          outcomes = await this.execute(batch.map((entry) => entry.job));
          if (outcomes.length !== batch.length)
            throw new Error(`${outcomes.length} outcomes for a batch of ${batch.length}`);
        } catch (error) {
          outcomes = batch.map(() => ({ ok: false, error }));
        }
        batch.forEach((entry, i) => {
          const outcome = outcomes[i] as Outcome<R>;
          if (outcome.ok) entry.resolve(outcome.value);
          else entry.reject(outcome.error);
        });
      }
    } finally {
      this.draining = false;
    }
  }
}
