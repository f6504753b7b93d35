import { computed, inject, Injectable, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';
import type {
  Conversation,
  History,
  Message,
  MessageSentEvent,
  Page,
  ServerFrame,
} from '../api/models';
import { AuthService } from '../auth/auth.service';
import { RealtimeService } from '../realtime/realtime.service';
import {
  applySentEvent,
  confirmed,
  fromSentEvent,
  markRead,
  mergeMessages,
  pendingMessage,
  type ShownMessage,
} from './chat-state';

const HISTORY_PAGE = 50;

/**
 * The chat screen's state as signals: the conversation list with its badges, the open
 * conversation's messages, and sending. REST loads, the WebSocket keeps it live; the rules
 * for combining them are the pure functions of chat-state.ts.
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthService);
  private readonly realtime = inject(RealtimeService);
  private readonly names = new Map<string, string>();
  private unsubscribe: (() => void) | undefined;

  readonly conversations = signal<Conversation[]>([]);
  readonly openId = signal<string | null>(null);
  readonly messages = signal<ShownMessage[]>([]);
  readonly loadingHistory = signal(false);
  readonly error = signal<string | null>(null);
  readonly open = computed(() => this.conversations().find((c) => c.id === this.openId()) ?? null);
  readonly connected = this.realtime.connected;

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.realtime.onFrame((frame) => this.onFrame(frame));
    this.realtime.start();
    void this.loadConversations();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.realtime.stop();
  }

  async select(id: string | null): Promise<void> {
    if (id === this.openId()) return;
    this.openId.set(id);
    this.messages.set([]);
    if (!id) return;
    this.loadingHistory.set(true);
    try {
      const history = await this.api.get<History>(
        `/conversations/${id}/messages?limit=${HISTORY_PAGE}`,
      );
      if (this.openId() !== id) return; // the user moved on while it loaded
      this.remember(history.items);
      this.messages.update((shown) => mergeMessages(shown, history.items.map(confirmed)));
      await this.markOpenRead();
    } catch (error) {
      this.fail(error);
    } finally {
      this.loadingHistory.set(false);
    }
  }

  /** Shows the message at once, then replaces it with the server's copy (or marks it failed). */
  async send(text: string): Promise<void> {
    const id = this.openId();
    const me = this.auth.user();
    const trimmed = text.trim();
    if (!id || !me || !trimmed) return;
    const clientMsgId = crypto.randomUUID();
    const pending = pendingMessage(id, trimmed, clientMsgId, me, new Date());
    this.messages.update((shown) => mergeMessages(shown, [pending]));
    try {
      const message = await this.api.post<Message>(`/conversations/${id}/messages`, {
        text: trimmed,
        clientMsgId,
      });
      if (this.openId() === id)
        this.messages.update((shown) => mergeMessages(shown, [confirmed(message)]));
    } catch (error) {
      this.messages.update((shown) =>
        shown.map((m) => (m.clientMsgId === clientMsgId ? { ...m, status: 'failed' } : m)),
      );
      this.fail(error);
    }
  }

  private async loadConversations(): Promise<void> {
    try {
      const page = await this.api.get<Page<Conversation>>('/conversations?limit=200');
      const openId = this.openId();
      this.conversations.set(openId ? markRead(page.items, openId) : page.items);
    } catch (error) {
      this.fail(error);
    }
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type === 'resync') {
      // Events were lost: reload what is on screen rather than show a stream with a hole.
      void this.loadConversations();
      const id = this.openId();
      this.openId.set(null);
      void this.select(id);
      return;
    }
    if (frame.type === 'messaging.message.sent') this.onMessageSent(frame.data as MessageSentEvent);
    if (frame.type === 'messaging.conversation.created' || frame.type === 'messaging.member.joined')
      void this.loadConversations();
  }

  private onMessageSent(event: MessageSentEvent): void {
    const { conversations, known } = applySentEvent(this.conversations(), event, {
      myId: this.realtime.userId() ?? this.auth.user()?.id ?? '',
      openConversationId: this.openId(),
    });
    this.conversations.set(conversations);
    if (!known) void this.loadConversations(); // a conversation we were just added to
    if (event.conversationId !== this.openId() || event.threadRootId !== null) return;
    this.messages.update((shown) => mergeMessages(shown, [fromSentEvent(event, this.names)]));
    void this.markOpenRead();
    // Events carry only the sender's id: fetch the page once to show who wrote it.
    if (!this.names.has(event.senderId)) void this.fillSenders(event.conversationId, event.seq);
  }

  private async fillSenders(conversationId: string, seq: number): Promise<void> {
    const history = await this.api.get<History>(
      `/conversations/${conversationId}/messages?after=${seq - 1}&limit=${HISTORY_PAGE}`,
    );
    this.remember(history.items);
    if (this.openId() === conversationId)
      this.messages.update((shown) => mergeMessages(shown, history.items.map(confirmed)));
  }

  private async markOpenRead(): Promise<void> {
    const id = this.openId();
    const seq = this.messages().reduce(
      (max, m) => (m.status === 'sent' ? Math.max(max, m.seq) : max),
      0,
    );
    if (!id) return;
    this.conversations.update((list) => markRead(list, id));
    if (seq > 0) await this.api.post(`/conversations/${id}/read`, { seq }).catch(() => undefined);
  }

  private remember(messages: readonly Message[]): void {
    for (const m of messages) {
      const name = m.sender.displayName ?? m.sender.username;
      if (name) this.names.set(m.sender.id, name);
    }
  }

  private fail(error: unknown): void {
    this.error.set(error instanceof Error ? error.message : String(error));
  }
}
