/**
 * Runs a consumer's records one at a time per partition, and the partitions side by side —
 * what the Transport contract promises (`RecordHandler`) and what the memory transport does
 * with one reader per partition. A consumer that awaited each record of its whole stream would
 * serialise every partition behind the slowest record: one database transaction at a time per
 * consumer group, with nothing for a handler's group commit to gather.
 *
 * Once a task fails, nothing more starts: the failed record and everything queued behind it,
 * in any lane, stay uncommitted and are delivered again (the subscription stops, as before).
 */
export class PartitionLanes {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly drained = new Set<() => void>();
  private inFlight = 0;
  private failure: unknown;
  private failed = false;

  /** `maxInFlight`: queued and running tasks across lanes before `add` makes its caller wait. */
  constructor(private readonly maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new Error('maxInFlight must be a positive integer');
  }

  /** True after a task failed: the caller should stop feeding records. */
  get stopped(): boolean {
    return this.failed;
  }

  /** The first failure, once there is one. */
  get error(): unknown {
    return this.failure;
  }

  /**
   * Queues `task` behind the lane's earlier tasks; resolves once there is room for another
   * (back-pressure, so a fast stream cannot pile records up in memory).
   */
  async add(lane: string, task: () => Promise<void>): Promise<void> {
    this.inFlight++;
    const previous = this.tails.get(lane) ?? Promise.resolve();
    const run = previous.then(async () => {
      if (this.failed) return;
      try {
        await task();
      } catch (error) {
        if (!this.failed) {
          this.failed = true;
          this.failure = error;
        }
      }
    });
    const tail = run.finally(() => {
      this.inFlight--;
      if (this.tails.get(lane) === tail) this.tails.delete(lane);
      for (const wake of this.drained) wake();
    });
    this.tails.set(lane, tail);
    while (this.inFlight >= this.maxInFlight && !this.failed) await this.change();
  }

  /** Waits for every queued task to finish or be skipped. */
  async idle(): Promise<void> {
    while (this.inFlight > 0) await this.change();
  }

  private change(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.drained.delete(wake);
        resolve();
      };
      this.drained.add(wake);
    });
  }
}
