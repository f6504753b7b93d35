/** Where a user's stored event stream stands, as the delivery store reports it. */
export interface StreamPosition {
  /** The user's newest event seq (0: none ever). */
  currentSeq: number;
  /** The oldest seq still retained, or undefined when none is (all pruned, or none ever). */
  oldestSeq: number | undefined;
}

export type ResumePlan =
  /** No `lastSeq`: start live after the current seq, replaying nothing. */
  | { kind: 'fresh'; after: number }
  /** Replay every stored event after `after`, in order, then go live. */
  | { kind: 'replay'; after: number }
  /**
   * What the client missed is no longer stored (older than the retention window), or its
   * `lastSeq` is ahead of anything we have: it reloads via REST and continues after `after`.
   */
  | { kind: 'resync'; after: number; reason: 'expired' | 'ahead' };

/**
 * Decides how a connection starts its event stream. A client that saw everything up to
 * `lastSeq` needs `lastSeq + 1` onwards; if the oldest retained event is later than that, some
 * of what it missed is gone, and replaying the rest would hide the hole — so it resyncs.
 */
export function planResume(lastSeq: number | undefined, at: StreamPosition): ResumePlan {
  const { currentSeq, oldestSeq } = at;
  if (lastSeq === undefined) return { kind: 'fresh', after: currentSeq };
  // A seq we never issued: a restored or replaced database, or a client mixing up accounts.
  if (lastSeq > currentSeq) return { kind: 'resync', after: currentSeq, reason: 'ahead' };
  if (lastSeq === currentSeq) return { kind: 'replay', after: lastSeq };
  if (oldestSeq === undefined || oldestSeq > lastSeq + 1) {
    return { kind: 'resync', after: currentSeq, reason: 'expired' };
  }
  return { kind: 'replay', after: lastSeq };
}
