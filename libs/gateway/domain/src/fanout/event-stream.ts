/**
 * One connection's view of its user's event stream: which seq it has written last, and the
 * switch-over from replay (or the initial read of the current seq) to live delivery.
 *
 * Live events start arriving the moment a connection is registered, *before* the store is
 * read — that order is what guarantees no gap: an event committed before the read is in the
 * read, one committed after it is delivered live. The price is overlap, so while the
 * connection catches up live events are buffered, and at the switch those already written
 * (seq ≤ the last replayed) are dropped. Afterwards a live event at or below the last written
 * seq is a duplicate and dropped too.
 *
 * A live event *beyond* the next seq means one overtook another on the way (two fan-out
 * processes publish through separate relays, e.g. while Kafka moves a dead gateway's
 * partitions): the stream goes back to catching up, buffering, until the caller has written
 * the missing seqs from the store (`takeGap`, then `replayed` for each, then `goLive`). A user's
 * seqs are handed out under a row lock, so a later seq implies the earlier one is stored.
 */
export class EventStream<E extends { seq: number }> {
  private catchingUp = true;
  private gapOpened = false;
  private buffered: E[] = [];
  private written: number;

  /** `after`: the seq the connection continues from (the last one the client has). */
  constructor(after = 0) {
    this.written = after;
  }

  get lastWritten(): number {
    return this.written;
  }

  get isLive(): boolean {
    return !this.catchingUp;
  }

  /** Live events waiting for the catch-up to end. */
  get bufferedCount(): number {
    return this.buffered.length;
  }

  /** A live event: the ones to write now (none while catching up, or for a duplicate). */
  offer(event: E): E[] {
    if (this.catchingUp) {
      this.buffered.push(event);
      return [];
    }
    if (event.seq > this.written + 1) {
      this.catchingUp = true;
      this.gapOpened = true;
      this.buffered.push(event);
      return [];
    }
    return this.accept(event) ? [event] : [];
  }

  /**
   * Whether a live event skipped seqs since the last call: the caller then writes the stored
   * events after `lastWritten` and calls `goLive`. Answers true once per gap.
   */
  takeGap(): boolean {
    const opened = this.gapOpened;
    this.gapOpened = false;
    return opened;
  }

  /**
   * A replayed event, to be written now. False when it does not continue the stream (a gap:
   * the rows were pruned while we read them) — the caller then writes it not, and resyncs.
   */
  replayed(event: E): boolean {
    if (event.seq !== this.written + 1) return false;
    this.written = event.seq;
    return true;
  }

  /**
   * Ends the catch-up: answers the buffered live events that continue the stream, in seq
   * order. When the buffer itself has a hole (a seq still on its way behind a later one), the
   * stream keeps catching up from there and `takeGap` says so: the caller reads the store
   * again rather than write past the hole.
   */
  goLive(): E[] {
    const pending = this.buffered.sort((a, b) => a.seq - b.seq);
    const ready: E[] = [];
    let i = 0;
    for (; i < pending.length; i++) {
      const event = pending[i] as E;
      if (event.seq <= this.written) continue; // already written (replayed, or a duplicate)
      if (event.seq !== this.written + 1) break;
      this.written = event.seq;
      ready.push(event);
    }
    this.buffered = pending.slice(i);
    this.catchingUp = this.buffered.length > 0;
    if (this.catchingUp) this.gapOpened = true;
    return ready;
  }

  /**
   * Resync: the client reloads via REST, so the stream continues after `after` (the current
   * seq); buffered events up to it are covered by the reload.
   */
  skipTo(after: number): void {
    this.written = Math.max(this.written, after);
  }

  private accept(event: E): boolean {
    if (event.seq <= this.written) return false;
    this.written = event.seq;
    return true;
  }
}
