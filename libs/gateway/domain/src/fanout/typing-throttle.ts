/**
 * Typing indicators per connection: at most one per conversation per interval is passed on.
 * Clients may send `typing` more often than that; everyone else needs to hear it only often
 * enough to keep the indicator alive (it expires after TYPING_EXPIRES_MS without a refresh).
 */
export class TypingThrottle {
  private readonly lastSent = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    /** Bounds memory for a client that "types" into thousands of conversations. */
    private readonly maxConversations = 256,
  ) {}

  /** Whether a typing frame for `conversationId` at `now` goes out (and is counted as sent). */
  admit(conversationId: string, now: number): boolean {
    const last = this.lastSent.get(conversationId);
    if (last !== undefined && now - last < this.intervalMs) return false;
    this.lastSent.delete(conversationId);
    if (this.lastSent.size >= this.maxConversations) {
      // Forget the one typed in longest ago (Map iterates in insertion order).
      const oldest = this.lastSent.keys().next().value;
      if (oldest !== undefined) this.lastSent.delete(oldest);
    }
    this.lastSent.set(conversationId, now);
    return true;
  }
}

/** How long a client shows "… is typing" without a refresh (documented for clients). */
export const TYPING_EXPIRES_MS = 5_000;
