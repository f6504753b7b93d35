import { inject, Injectable, signal } from '@angular/core';
import type { MessageSentEvent, ServerFrame, TypingEvent } from '../api/models';
import { RealtimeService } from '../realtime/realtime.service';
import {
  addTyping,
  clearTyping,
  nextExpiry,
  shouldSendTyping,
  typingIn,
  type TypingState,
} from './typing';

/**
 * "X is typing…": applies the gateway's ephemeral `typing` frames, lets them lapse, and sends
 * our own typing frame at most every 3 s while the user composes (docs/realtime.md, _Typing_).
 */
@Injectable({ providedIn: 'root' })
export class TypingStore {
  private readonly realtime = inject(RealtimeService);
  private readonly state = signal<TypingState>(new Map());
  /** Bumped when an indicator lapses, so views re-read who is still typing. */
  private readonly now = signal(Date.now());
  private lapseTimer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = new Map<string, number>();

  constructor() {
    this.realtime.onFrame((frame) => this.onFrame(frame));
  }

  /** User ids typing in a conversation now (reads signals: use it in a computed or template). */
  typingIn(conversationId: string | null): string[] {
    return conversationId ? typingIn(this.state(), conversationId, this.now()) : [];
  }

  /** Called on every keystroke in a composer; sends a frame only when the interval has passed. */
  composing(conversationId: string): void {
    const now = Date.now();
    if (!shouldSendTyping(this.lastSent.get(conversationId) ?? null, now)) return;
    if (this.realtime.send({ type: 'typing', conversationId }))
      this.lastSent.set(conversationId, now);
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type === 'typing') {
      this.state.update((s) => addTyping(s, frame.data as TypingEvent, Date.now()));
      this.schedule();
    } else if (frame.type === 'messaging.message.sent') {
      const event = frame.data as MessageSentEvent;
      this.state.update((s) => clearTyping(s, event.conversationId, event.senderId));
    }
  }

  private schedule(): void {
    clearTimeout(this.lapseTimer);
    const now = Date.now();
    this.now.set(now);
    const next = nextExpiry(this.state(), now);
    if (next !== null) this.lapseTimer = setTimeout(() => this.schedule(), next - now + 10);
  }
}
