/** setTimeout's longest delay (~24.8 days); later deadlines re-arm when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One timer per key (user) for the moment their presence changes by time alone: DND or a
 * custom status running out. Setting a key again replaces its timer, so there is never more
 * than one pending per user, and `null` cancels it.
 */
export class DeadlineTimers {
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();

  constructor(
    private readonly onDue: (key: string) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  set(key: string, at: number | null): void {
    const current = this.timers.get(key);
    if (current?.at === at) return;
    if (current) clearTimeout(current.timer);
    this.timers.delete(key);
    if (at === null) return;
    const delay = Math.max(0, at - this.clock());
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        if (this.clock() >= at) this.onDue(key);
        else this.set(key, at);
      },
      Math.min(delay, MAX_TIMER_MS),
    );
    // A pending DND expiry must not keep a stopping process alive.
    timer.unref?.();
    this.timers.set(key, { at, timer });
  }

  pending(key: string): number | null {
    return this.timers.get(key)?.at ?? null;
  }

  clear(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
