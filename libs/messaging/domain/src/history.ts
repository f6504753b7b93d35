/**
 * Which seqs a page of history covers. Seqs run 1..lastSeq with no gaps (deleted messages
 * stay as tombstones), so a page is a plain range — no OFFSET, no "one more to see if there
 * is more": older pages exist while `from > 1`, newer while `to < lastSeq`.
 */
export interface HistoryWindow {
  /** Messages before this seq (exclusive), newest page of them. */
  before?: number;
  /** Messages after this seq (exclusive), oldest page of them. */
  after?: number;
  /** A page centred on this seq (inclusive): jump to a search hit or a mention. */
  around?: number;
  limit: number;
}

export interface SeqRange {
  from: number;
  to: number;
}

/** The range to read, or null for an empty page. Without a cursor: the newest messages. */
export function historyRange(window: HistoryWindow, lastSeq: number): SeqRange | null {
  const limit = Math.max(1, window.limit);
  let from: number;
  let to: number;
  if (window.after !== undefined) {
    from = Math.max(1, window.after + 1);
    to = Math.min(lastSeq, from + limit - 1);
  } else if (window.around !== undefined) {
    from = Math.max(1, window.around - Math.floor(limit / 2));
    to = Math.min(lastSeq, from + limit - 1);
    from = Math.max(1, Math.min(from, to - limit + 1)); // near the end: fill the page backwards
  } else {
    to = Math.min(lastSeq, window.before === undefined ? lastSeq : window.before - 1);
    from = Math.max(1, to - limit + 1);
  }
  return from <= to ? { from, to } : null;
}
