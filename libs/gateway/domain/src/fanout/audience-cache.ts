/**
 * The gateway's memory of who is in a conversation, so it does not ask messaging for every
 * event and every typing frame. Entries are dropped when a membership event goes by
 * (`invalidate`) and in any case after `ttlMs`: in distributed mode a gateway does not see the
 * membership events of conversations whose partitions another fan-out worker consumes, and the
 * TTL bounds how long its typing checks may trust a stale list.
 */
export class AudienceCache {
  private readonly entries = new Map<string, { members: readonly string[]; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(conversationId: string): readonly string[] | undefined {
    const entry = this.entries.get(conversationId);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(conversationId);
      return undefined;
    }
    // Touch: re-inserting moves it to the end, so eviction drops the least recently used.
    this.entries.delete(conversationId);
    this.entries.set(conversationId, entry);
    return entry.members;
  }

  set(conversationId: string, members: readonly string[]): void {
    this.entries.delete(conversationId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(conversationId, { members, until: this.now() + this.ttlMs });
  }

  invalidate(conversationId: string): void {
    this.entries.delete(conversationId);
  }

  get size(): number {
    return this.entries.size;
  }
}
