import { inject, Injectable, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';

/** The caller's own presence view (docs/presence.md), the parts the client acts on. */
interface MyPresence {
  state?: 'online' | 'away' | 'dnd' | 'offline';
  dnd?: { until: string | null } | null;
}

export type ChosenStatus = 'auto' | 'away' | 'dnd-hour' | 'dnd';

/**
 * The person's chosen status — available, away, do not disturb — kept by the presence
 * service, so it holds on every device and past a reload. Do-not-disturb silences desktop
 * notifications here (and tells others' clients not to expect an answer).
 */
@Injectable({ providedIn: 'root' })
export class StatusService {
  private readonly api = inject(ApiClient);
  /** The chosen status as the server last answered it. */
  readonly chosen = signal<'auto' | 'away' | 'dnd'>('auto');
  /** Do-not-disturb's end in ms (Infinity: until turned off), or null when off. */
  readonly dndUntil = signal<number | null>(null);

  async load(): Promise<void> {
    this.apply(await this.api.get<MyPresence>('/presence/me'));
  }

  async choose(choice: ChosenStatus): Promise<void> {
    const body =
      choice === 'dnd-hour'
        ? { status: 'dnd', dndUntil: new Date(Date.now() + 3_600_000).toISOString() }
        : { status: choice };
    this.apply(await this.api.put<MyPresence>('/presence/me', body));
  }

  private apply(view: MyPresence): void {
    const dnd = view.dnd ?? null;
    this.dndUntil.set(dnd ? (dnd.until ? Date.parse(dnd.until) : Infinity) : null);
    // Away chosen and away because every device is idle look alike in the view; either way
    // the menu shows "away".
    this.chosen.set(dnd ? 'dnd' : view.state === 'away' ? 'away' : 'auto');
  }
}
