import { inject, Injectable, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';
import type { Receipt } from '../api/models';
import { RECEIPTS_MAX_MEMBERS } from './receipts';

/**
 * Other members' read positions in the open conversation, for "Seen by …". They are not
 * pushed: `messaging.read.updated` reaches only the reader's own devices (docs/realtime.md,
 * _Who receives what_). So they are read when a conversation opens, shortly after someone
 * else acts in it (they have probably read it), and every 10 s while it stays open.
 */
@Injectable({ providedIn: 'root' })
export class ReceiptsStore {
  private readonly api = inject(ApiClient);
  private conversationId: string | null = null;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private soonTimer: ReturnType<typeof setTimeout> | undefined;
  readonly receipts = signal<Receipt[]>([]);

  static readonly POLL_MS = 10_000;
  static readonly SOON_MS = 700;

  /** Starts following a conversation (none for more than 50 members: the server refuses). */
  follow(conversationId: string, memberCount: number): void {
    this.stop();
    if (memberCount > RECEIPTS_MAX_MEMBERS) return;
    this.conversationId = conversationId;
    void this.load(conversationId);
    this.pollTimer = setInterval(() => void this.load(conversationId), ReceiptsStore.POLL_MS);
  }

  /** Someone else acted in the conversation: read the positions again, soon. */
  poke(): void {
    const id = this.conversationId;
    if (!id) return;
    clearTimeout(this.soonTimer);
    this.soonTimer = setTimeout(() => void this.load(id), ReceiptsStore.SOON_MS);
  }

  stop(): void {
    this.conversationId = null;
    clearInterval(this.pollTimer);
    clearTimeout(this.soonTimer);
    this.receipts.set([]);
  }

  private async load(id: string): Promise<void> {
    try {
      const page = await this.api.get<{ items: Receipt[] }>(`/conversations/${id}/receipts`);
      if (this.conversationId === id) this.receipts.set(page.items);
    } catch {
      // Receipts are a nicety: a conversation that grew past 50 members simply shows none.
    }
  }
}
