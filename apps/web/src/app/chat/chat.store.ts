import { computed, inject, Injectable, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';
import type {
  CardUpdatedEvent,
  Conversation,
  History,
  Member,
  Message,
  MessageDeletedEvent,
  MessageEditedEvent,
  MessagePurgedEvent,
  MessageSentEvent,
  Page,
  ReactionEvent,
  ServerFrame,
  ThreadPage,
} from '../api/models';
import { AuthService } from '../auth/auth.service';
import { RealtimeService } from '../realtime/realtime.service';
import { withCard } from './card-rules';
import {
  applySentEvent,
  confirmed,
  fromSentEvent,
  markRead,
  readElsewhere,
  mergeMessages,
  pendingMessage,
  type ShownMessage,
} from './chat-state';
import {
  applyDelete,
  applyPurge,
  applyEdit,
  applyReaction,
  countReply,
  updateMessage,
} from './message-updates';
import { PeopleStore } from './people.store';
import { ReceiptsStore } from './receipts.store';

const HISTORY_PAGE = 50;

/** What a send needs to be retried with the same clientMsgId. */
interface Outgoing {
  conversationId: string;
  text: string;
  fileIds: string[];
  threadRootId: string | null;
}

/**
 * The chat screen's state as signals: the conversation list with its badges, the open
 * conversation's messages (top level and thread replies in one list, folded by the views),
 * sending and retrying, reactions, edits, deletes, members and read receipts. REST loads, the
 * WebSocket keeps it live; the rules for combining them are pure functions (chat-state.ts,
 * message-updates.ts, receipts.ts).
 */
@Injectable({ providedIn: 'root' })
export class ChatStore {
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthService);
  private readonly realtime = inject(RealtimeService);
  private readonly people = inject(PeopleStore);
  private readonly receiptsStore = inject(ReceiptsStore);
  private unsubscribe: (() => void) | undefined;
  private readonly outbox = new Map<string, Outgoing>();

  readonly conversations = signal<Conversation[]>([]);
  readonly openId = signal<string | null>(null);
  readonly messages = signal<ShownMessage[]>([]);
  readonly loadingHistory = signal(false);
  readonly loadingOlder = signal(false);
  readonly hasOlder = signal(false);
  /** Where the reader was when the conversation opened: the "new messages" divider. */
  readonly unreadAfterSeq = signal<number | null>(null);
  readonly members = signal<Member[]>([]);
  readonly receipts = this.receiptsStore.receipts;
  readonly threadRootId = signal<string | null>(null);
  /** The open conversation's pinned messages, most recently pinned first (null: not loaded). */
  readonly pins = signal<Message[] | null>(null);
  readonly error = signal<string | null>(null);
  readonly open = computed(() => this.conversations().find((c) => c.id === this.openId()) ?? null);
  readonly connected = this.realtime.connected;
  /**
   * The signed-in person's id as events name them (senders, mentions, members, receipts):
   * `ready.userId`, which can differ from the token's subject. Before the first `ready` — the
   * socket not yet up — the signed-in user's own id stands in; it is the same unless their
   * issuer knows them by another id, and nothing live has arrived to compare with yet.
   */
  readonly myId = computed(() => this.realtime.userId() ?? this.auth.user()?.id ?? null);

  /** The main pane: top-level messages only; replies are folded under their root. */
  readonly topLevel = computed(() => this.messages().filter((m) => !m.threadRootId));
  readonly threadRoot = computed(
    () => this.messages().find((m) => m.id === this.threadRootId()) ?? null,
  );
  readonly threadReplies = computed(() => {
    const root = this.threadRootId();
    return root ? this.messages().filter((m) => m.threadRootId === root) : [];
  });

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.realtime.onFrame((frame) => this.onFrame(frame));
    this.realtime.start();
    void this.loadConversations();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.receiptsStore.stop();
    this.realtime.stop();
  }

  async select(id: string | null): Promise<void> {
    if (id === this.openId()) return;
    this.openId.set(id);
    this.messages.set([]);
    this.members.set([]);
    this.threadRootId.set(null);
    this.pins.set(null);
    this.hasOlder.set(false);
    this.receiptsStore.stop();
    const conversation = this.conversations().find((c) => c.id === id);
    this.unreadAfterSeq.set(
      conversation && conversation.unreadCount > 0
        ? (conversation.membership?.lastReadSeq ?? null)
        : null,
    );
    if (!id) return;
    this.loadingHistory.set(true);
    void this.loadMembers(id);
    try {
      // A deep link opened before the list loaded: the divider needs the read position,
      // read before this visit marks everything read.
      if (!conversation) await this.readPositionOf(id);
      const history = await this.api.get<History>(
        `/conversations/${id}/messages?limit=${HISTORY_PAGE}`,
      );
      if (this.openId() !== id) return; // the user moved on while it loaded
      this.people.learnFromMessages(history.items);
      this.hasOlder.set(history.hasOlder);
      this.messages.update((shown) => mergeMessages(shown, history.items.map(confirmed)));
      await this.markOpenRead();
    } catch (error) {
      this.fail(error);
    } finally {
      this.loadingHistory.set(false);
    }
  }

  private async readPositionOf(id: string): Promise<void> {
    const view = await this.api.get<Conversation>(`/conversations/${id}`).catch(() => undefined);
    const lastRead = view?.membership?.lastReadSeq;
    if (this.openId() === id && view && lastRead !== undefined && lastRead < view.lastSeq)
      this.unreadAfterSeq.set(lastRead);
  }

  /** The page before the oldest loaded message (scrolling up). */
  async loadOlder(): Promise<void> {
    const id = this.openId();
    const oldest = this.messages().find((m) => m.status === 'sent');
    if (!id || !oldest || !this.hasOlder() || this.loadingOlder()) return;
    this.loadingOlder.set(true);
    try {
      const history = await this.api.get<History>(
        `/conversations/${id}/messages?before=${oldest.seq}&limit=${HISTORY_PAGE}`,
      );
      if (this.openId() !== id) return;
      this.people.learnFromMessages(history.items);
      this.hasOlder.set(history.hasOlder);
      this.messages.update((shown) => mergeMessages(shown, history.items.map(confirmed)));
    } catch (error) {
      this.fail(error);
    } finally {
      this.loadingOlder.set(false);
    }
  }

  /** Loads older pages until the message after `seq` is loaded (jump to first unread). */
  async loadOlderUntil(seq: number): Promise<void> {
    for (let page = 0; page < 20; page++) {
      const oldest = this.messages().find((m) => m.status === 'sent');
      if (!oldest || oldest.seq <= seq + 1 || !this.hasOlder()) return;
      await this.loadOlder();
    }
  }

  /** Shows the message at once, then replaces it with the server's copy (or marks it failed). */
  async send(text: string, fileIds: string[] = [], threadRootId: string | null = null) {
    const id = this.openId();
    const me = this.auth.user();
    const trimmed = text.trim();
    if (!id || !me || (!trimmed && fileIds.length === 0)) return;
    const clientMsgId = crypto.randomUUID();
    const pending = {
      ...pendingMessage(id, trimmed, clientMsgId, { ...me, id: this.myId() ?? me.id }, new Date()),
      threadRootId,
    };
    this.messages.update((shown) => mergeMessages(shown, [pending]));
    this.outbox.set(clientMsgId, { conversationId: id, text: trimmed, fileIds, threadRootId });
    await this.post(clientMsgId);
  }

  /** Sends a failed message again with the same clientMsgId: the server answers the original if the first attempt did arrive. */
  async retry(clientMsgId: string): Promise<void> {
    if (!this.outbox.has(clientMsgId)) return;
    this.messages.update((shown) =>
      shown.map((m) => (m.clientMsgId === clientMsgId ? { ...m, status: 'pending' } : m)),
    );
    await this.post(clientMsgId);
  }

  private async post(clientMsgId: string): Promise<void> {
    const outgoing = this.outbox.get(clientMsgId);
    if (!outgoing) return;
    const { conversationId, text, fileIds, threadRootId } = outgoing;
    try {
      const message = await this.api.post<Message>(`/conversations/${conversationId}/messages`, {
        text,
        clientMsgId,
        ...(fileIds.length ? { fileIds } : {}),
        ...(threadRootId ? { threadRootId } : {}),
      });
      this.outbox.delete(clientMsgId);
      if (this.openId() === conversationId)
        this.messages.update((shown) => mergeMessages(shown, [confirmed(message)]));
    } catch (error) {
      this.messages.update((shown) =>
        shown.map((m) => (m.clientMsgId === clientMsgId ? { ...m, status: 'failed' } : m)),
      );
      this.fail(error);
    }
  }

  async toggleReaction(message: ShownMessage, emoji: string): Promise<void> {
    const mine = message.reactions?.some((r) => r.emoji === emoji && r.me);
    const path = `/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`;
    await this.replaceWith(mine ? this.api.delete<Message>(path) : this.api.put<Message>(path));
  }

  async edit(message: ShownMessage, text: string): Promise<void> {
    if (!text.trim() || text === message.text) return;
    await this.replaceWith(this.api.patch<Message>(`/messages/${message.id}`, { text }));
  }

  async remove(message: ShownMessage): Promise<void> {
    await this.replaceWith(this.api.delete<Message>(`/messages/${message.id}`));
  }

  async togglePin(message: ShownMessage): Promise<void> {
    const path = `/messages/${message.id}/pin`;
    await this.replaceWith(
      message.pinned ? this.api.delete<Message>(path) : this.api.put<Message>(path),
    );
  }

  /** Loads the pinned messages (the pins panel); kept fresh by the pin events while shown. */
  async loadPins(): Promise<void> {
    const id = this.openId();
    if (!id) return;
    try {
      const page = await this.api.get<Page<Message>>(`/conversations/${id}/pins?limit=100`);
      if (this.openId() === id) this.pins.set(page.items);
    } catch (error) {
      this.fail(error);
    }
  }

  closePins(): void {
    this.pins.set(null);
  }

  /** Opens a thread in the side panel: its replies join the message list. */
  async openThread(rootId: string | null): Promise<void> {
    this.threadRootId.set(rootId);
    if (!rootId) return;
    try {
      const page = await this.api.get<ThreadPage>(`/messages/${rootId}/thread?limit=200`);
      if (this.threadRootId() !== rootId) return;
      this.people.learnFromMessages([page.root, ...page.items]);
      this.messages.update((shown) =>
        mergeMessages(shown, [page.root, ...page.items].map(confirmed)),
      );
    } catch (error) {
      this.fail(error);
    }
  }

  async createChannel(name: string, visibility: 'public' | 'private', memberIds: string[]) {
    const conversation = await this.api.post<Conversation>('/conversations', {
      kind: 'channel',
      visibility,
      name,
      memberIds,
    });
    await this.loadConversations();
    return conversation;
  }

  async invite(userIds: string[]): Promise<void> {
    const id = this.openId();
    if (!id || userIds.length === 0) return;
    await this.api.post(`/conversations/${id}/members`, { userIds });
    await this.loadMembers(id);
  }

  private async replaceWith(request: Promise<Message>): Promise<void> {
    try {
      const message = await request;
      if (message?.conversationId === this.openId())
        this.messages.update((shown) => mergeMessages(shown, [confirmed(message)]));
    } catch (error) {
      this.fail(error);
    }
  }

  private async loadConversations(): Promise<void> {
    try {
      const page = await this.api.get<Page<Conversation>>('/conversations?limit=200');
      const openId = this.openId();
      this.conversations.set(openId ? markRead(page.items, openId) : page.items);
      void this.people.learnDirectPartners(page.items, this.myId());
    } catch (error) {
      this.fail(error);
    }
  }

  private async loadMembers(id: string): Promise<void> {
    try {
      const page = await this.api.get<{ items: Member[] }>(`/conversations/${id}/members`);
      if (this.openId() !== id) return;
      this.members.set(page.items);
      this.people.learnFromMembers(page.items);
      this.receiptsStore.follow(id, page.items.length);
    } catch (error) {
      this.fail(error);
    }
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.type === 'resync') {
      // Events were lost: reload what is on screen rather than show a stream with a hole.
      void this.loadConversations();
      const id = this.openId();
      const thread = this.threadRootId();
      this.openId.set(null);
      void this.select(id).then(() => (thread ? this.openThread(thread) : undefined));
      return;
    }
    const data = frame.data as { conversationId?: string };
    const here = data?.conversationId !== undefined && data.conversationId === this.openId();
    switch (frame.type) {
      case 'messaging.message.sent':
        return this.onMessageSent(frame.data as MessageSentEvent);
      case 'messaging.conversation.created':
      case 'messaging.member.joined':
      case 'messaging.member.left':
      case 'messaging.conversation.updated':
        void this.loadConversations();
        if (here && frame.type !== 'messaging.conversation.updated')
          void this.loadMembers(data.conversationId as string);
        return;
      case 'messaging.message.edited':
        if (here)
          this.patch((frame.data as MessageEditedEvent).messageId, (m) =>
            applyEdit(m, frame.data as MessageEditedEvent),
          );
        return;
      case 'messaging.message.deleted':
        // Deleting a pinned message unpins it, without an unpinned event of its own.
        if (
          here &&
          this.pins()?.some((p) => p.id === (frame.data as MessageDeletedEvent).messageId)
        )
          void this.loadPins();
        if (here)
          this.patch((frame.data as MessageDeletedEvent).messageId, (m) =>
            applyDelete(m, frame.data as MessageDeletedEvent),
          );
        return;
      case 'messaging.message.purged':
        if (here && this.pins()?.some((p) => p.id === (frame.data as MessagePurgedEvent).messageId))
          void this.loadPins();
        if (here)
          this.patch((frame.data as MessagePurgedEvent).messageId, (m) =>
            applyPurge(m, frame.data as MessagePurgedEvent),
          );
        return;
      case 'messaging.reaction.added':
      case 'messaging.reaction.removed': {
        const event = frame.data as ReactionEvent;
        if (!here) return;
        this.patch(event.messageId, (m) =>
          applyReaction(m, event, frame.type === 'messaging.reaction.added', this.myId()),
        );
        return;
      }
      case 'messaging.read.updated': {
        // My own read on another device: the badges follow (receipts handle others' reads).
        const moved = readElsewhere(
          this.conversations(),
          frame.data as { conversationId: string; userId: string; lastReadSeq: number },
          this.myId(),
        );
        if (moved === 'reload') void this.loadConversations();
        else if (moved) this.conversations.set(moved);
        return;
      }
      case 'messaging.message.card_updated':
        if (here) this.applyCard(frame.data as CardUpdatedEvent);
        return;
      case 'messaging.message.pinned':
      case 'messaging.message.unpinned':
        if (!here) return;
        void this.refetch((frame.data as { seq: number }).seq);
        if (this.pins()) void this.loadPins();
        return;
    }
  }

  /** A card's new version (a frame, or a click's answer); an older one changes nothing. */
  applyCard(update: Pick<CardUpdatedEvent, 'messageId' | 'card' | 'cardVersion'>): void {
    this.patch(update.messageId, (m) => withCard(m, update));
  }

  private patch(id: string, change: (m: ShownMessage) => ShownMessage): void {
    this.messages.update((shown) => updateMessage(shown, id, change));
  }

  private onMessageSent(event: MessageSentEvent): void {
    const { conversations, known } = applySentEvent(this.conversations(), event, {
      myId: this.myId() ?? '',
      openConversationId: this.openId(),
    });
    this.conversations.set(conversations);
    if (!known) void this.loadConversations(); // a conversation we were just added to
    if (event.conversationId !== this.openId()) return;
    const isNew = !this.messages().some((m) => m.id === event.messageId);
    this.messages.update((shown) =>
      mergeMessages(shown, [fromSentEvent(event, this.people.names())]),
    );
    if (event.threadRootId && isNew)
      this.patch(event.threadRootId, (root) => countReply(root, event.senderId, event.sentAt));
    void this.markOpenRead();
    // Events carry neither the sender's name nor the files' details: fetch the message.
    if (!this.people.names().has(event.senderId) || event.fileIds?.length)
      void this.refetch(event.seq);
  }

  /** Re-reads one message by its seq (there is no single-message route: a one-item page). */
  private async refetch(seq: number): Promise<void> {
    const id = this.openId();
    if (!id) return;
    const history = await this.api
      .get<History>(`/conversations/${id}/messages?after=${seq - 1}&limit=1`)
      .catch(() => undefined);
    if (!history || this.openId() !== id) return;
    this.people.learnFromMessages(history.items);
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

  private fail(error: unknown): void {
    this.error.set(error instanceof Error ? error.message : String(error));
  }

  /** The server muted or unmuted a conversation for me (its answer): the list shows it. */
  setMuted(id: string, muted: boolean): void {
    this.conversations.update((list) =>
      list.map((c) =>
        c.id === id && c.membership ? { ...c, membership: { ...c.membership, muted } } : c,
      ),
    );
  }

  dismissError(): void {
    this.error.set(null);
  }
}
