import { inject, Injectable, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';
import type { Conversation, PresenceView, ServerFrame } from '../api/models';
import { RealtimeService } from '../realtime/realtime.service';

/**
 * Presence of the people the sidebar shows a dot for (the partners of direct conversations).
 * On every sign-in of the socket it subscribes to them (`presence.subscribe`, whose snapshot
 * carries their state now) and then applies `presence.changed` frames (docs/presence.md).
 */
@Injectable({ providedIn: 'root' })
export class PresenceStore {
  private readonly api = inject(ApiClient);
  private readonly realtime = inject(RealtimeService);
  private watched: string[] = [];
  readonly states = signal<ReadonlyMap<string, string>>(new Map());

  constructor() {
    this.realtime.onFrame((frame) => this.onFrame(frame));
  }

  /** Watches the partners of the direct conversations in the list. */
  watch(conversations: readonly Conversation[], myId: string | null): void {
    const ids = [
      ...new Set(
        conversations
          .filter((c) => c.kind === 'direct')
          .flatMap((c) => c.memberIds ?? [])
          .filter((id) => id !== myId),
      ),
    ].slice(0, 200);
    if (ids.join() === this.watched.join()) return;
    this.watched = ids;
    if (ids.length === 0) return;
    this.subscribe();
    // REST too: the socket may not be signed in yet, and the dots should not wait for it.
    void this.api
      .get<{ items: PresenceView[] }>(`/presence?userIds=${ids.join(',')}`)
      .then((page) => this.apply(page.items))
      .catch(() => undefined);
  }

  private subscribe(): void {
    if (this.watched.length)
      this.realtime.send({ type: 'presence.subscribe', userIds: this.watched, ttlSeconds: 900 });
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type === 'ready') this.subscribe();
    if (frame.type === 'presence.changed') this.apply([frame.data as PresenceView]);
    if (frame.type === 'presence.snapshot') {
      const data = frame.data as { users?: PresenceView[]; items?: PresenceView[] };
      this.apply(data.users ?? data.items ?? []);
    }
  }

  private apply(views: readonly PresenceView[]): void {
    if (views.length === 0) return;
    const next = new Map(this.states());
    for (const view of views) next.set(view.userId, view.state);
    this.states.set(next);
  }
}
