import { inject, Injectable, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';
import type { Receipt, ServerFrame } from '../api/models';
import { RealtimeService } from '../realtime/realtime.service';
import {
  applyReadEvent,
  mergeReceipts,
  RECEIPTS_MAX_MEMBERS,
  type ReadUpdatedEvent,
} from './receipts';

/**
 * Other members' read positions in the open conversation, for "Seen by …". Read once over REST
 * when a conversation is followed (opened, its members changed, or reloaded after a `resync`),
 * then kept live by `messaging.read.updated`, which the server sends to every member of a
 * conversation small enough for receipts (docs/realtime.md, _Who receives what_). Nothing is
 * polled.
 */
@Injectable({ providedIn: 'root' })
export class ReceiptsStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeService);
  private conversationId: string | null = null;
  private unsubscribe: (() => void) | undefined;
  readonly receipts = signal<Receipt[]>([]);

  /** Starts following a conversation (none for more than 50 members: the server refuses). */
  follow(conversationId: string, memberCount: number): void {
    this.stop();
    if (memberCount > RECEIPTS_MAX_MEMBERS) return;
    this.conversationId = conversationId;
    // Listening before the load: a read that lands while it is in flight is merged, not lost.
    this.unsubscribe = this.realtime.onFrame((frame) => this.onFrame(frame));
    void this.load(conversationId);
  }

  stop(): void {
    this.conversationId = null;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.receipts.set([]);
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type !== 'messaging.read.updated') return;
    const event = frame.data as ReadUpdatedEvent;
    this.receipts.update((receipts) => applyReadEvent(receipts, this.conversationId, event));
  }

  private async load(id: string): Promise<void> {
    try {
      const page = await this.api.get<{ items: Receipt[] }>(`/conversations/${id}/receipts`);
      if (this.conversationId === id)
        this.receipts.update((known) => mergeReceipts(page.items, known));
    } catch {
      // Receipts are a nicety: a conversation that grew past 50 members simply shows none.
    }
  }
}
