import { computed, inject, Injectable, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';
import type { ServerFrame } from '../api/models';
import { ChatStore } from '../chat/chat.store';
import { RealtimeService } from '../realtime/realtime.service';
import type { CallMedia, CallSignalFrame, CallUpdatedEvent, CallView } from './call-models';
import {
  applyCallAnswer,
  applyCallEvent,
  concernsMe,
  ongoingIn,
  ringingFor,
  type CallBook,
} from './call-state';

/** What the call screen (a lazy chunk) takes from the watch once it has loaded. */
export interface CallHandler {
  callUpdated(event: CallUpdatedEvent): void;
  signal(frame: CallSignalFrame): void;
  start(conversationId: string, media: CallMedia): void;
  join(callId: string): void;
}

type Pending =
  | { kind: 'updated'; event: CallUpdatedEvent }
  | { kind: 'start'; conversationId: string; media: CallMedia }
  | { kind: 'join'; callId: string };

/** Frames held for the call screen while its chunk loads; a ring's burst fits many times. */
const PENDING_LIMIT = 200;

/**
 * The part of calls in the first bundle: it listens for `messaging.call.updated` and
 * `call.signal` on the socket, keeps the book of calls (call-state.ts) for the header's buttons
 * and the ring, and asks for the call screen — media, peer connections, the toast — only when
 * a call rings for me or I start or join one (`wanted`). Until the screen has attached, what
 * it must act on is held, so nothing that arrived while its chunk loaded is lost.
 */
@Injectable({ providedIn: 'root' })
export class CallWatch {
  private readonly realtime = inject(RealtimeService);
  private readonly api = inject(ApiClient);
  private readonly chat = inject(ChatStore);
  private handler: CallHandler | null = null;
  private pending: Pending[] = [];
  /** Whether this page has read the calls that rang or went on before it opened. */
  private openRead = false;

  readonly book = signal<CallBook>(new Map());
  /** The call screen is needed: it loads when this turns true, and stays. */
  readonly wanted = signal(false);
  /** The call this tab is in (set by the call screen): one at a time. */
  readonly activeCallId = signal<string | null>(null);
  readonly ringing = computed(() => ringingFor(this.book(), this.chat.myId()));

  constructor() {
    this.realtime.onFrame((frame) => this.onFrame(frame));
    // Made after the socket's first `ready` (the chat screen injects it once it renders): read
    // the open calls now rather than wait for a ready that already came.
    if (this.realtime.connected()) this.readOpenOnce();
  }

  ongoingIn(conversationId: string | null): CallView | null {
    return ongoingIn(this.book(), conversationId);
  }

  /** The header's call buttons. */
  start(conversationId: string, media: CallMedia): void {
    this.deliver({ kind: 'start', conversationId, media });
  }

  join(callId: string): void {
    this.deliver({ kind: 'join', callId });
  }

  /** A REST answer about a call (the call screen's commands). */
  learn(view: CallView): void {
    this.book.update((book) => applyCallAnswer(book, view));
  }

  /** The call screen, once loaded: everything held so far, then everything live. */
  attach(handler: CallHandler): () => void {
    this.handler = handler;
    const held = this.pending;
    this.pending = [];
    for (const item of held) this.dispatch(handler, item);
    return () => {
      if (this.handler === handler) this.handler = null;
    };
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type === 'messaging.call.updated') {
      this.take(frame.data as CallUpdatedEvent);
    } else if (frame.type === 'call.signal') {
      // Only a device in the call acts on it; before the call screen loaded, none here is.
      this.handler?.signal(frame.data as CallSignalFrame);
    } else if (frame.type === 'resync') {
      void this.refresh();
    } else if (frame.type === 'ready') {
      this.readOpenOnce();
    }
  }

  /** A page opened while someone calls: no event will tell it (reconnects resume instead). */
  private readOpenOnce(): void {
    if (this.openRead) return;
    this.openRead = true;
    void this.readOpen();
  }

  /** The calls that ring me or have me joined right now that this page does not know of. */
  private async readOpen(): Promise<void> {
    const open = await this.api.get<{ items: CallView[] }>('/calls').catch(() => null);
    for (const view of open?.items ?? []) {
      if (this.book().has(view.id)) continue; // an event got here first: it is newer
      this.take(eventOf(view));
    }
  }

  /** A call's change, live or read afresh: into the book, and to the call screen if it cares. */
  private take(event: CallUpdatedEvent): void {
    this.book.update((book) => applyCallEvent(book, event));
    if (this.handler || concernsMe(event, this.chat.myId()))
      this.deliver({ kind: 'updated', event });
  }

  private deliver(item: Pending): void {
    this.wanted.set(true);
    if (this.handler) return this.dispatch(this.handler, item);
    if (this.pending.length < PENDING_LIMIT) this.pending.push(item);
  }

  private dispatch(handler: CallHandler, item: Pending): void {
    if (item.kind === 'updated') handler.callUpdated(item.event);
    else if (item.kind === 'start') handler.start(item.conversationId, item.media);
    else handler.join(item.callId);
  }

  /**
   * The server could not replay what was missed while offline: the calls not known to have
   * ended are read again, and those that began meanwhile are read too, each told as if its
   * event had come.
   */
  private async refresh(): Promise<void> {
    const open = [...this.book().values()].filter((c) => c.state !== 'ended');
    for (const call of open) {
      const view = await this.api.get<CallView>(`/calls/${call.id}`).catch(() => null);
      if (view) this.take(eventOf(view));
    }
    await this.readOpen();
  }
}

/** A call's view read over REST, as the event that would have told it. */
function eventOf(view: CallView): CallUpdatedEvent {
  const change =
    view.state === 'ringing' ? 'started' : view.state === 'ended' ? 'ended' : 'accepted';
  return { conversationId: view.conversationId, call: view, change, userId: view.startedBy };
}
