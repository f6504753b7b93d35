import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import type { Receipt } from '../api/models';
import { CallSummaryNote } from '../calls/call-summary.component';
import { callSummaryOf } from '../calls/call-summary';
import { LinkPreview } from '../content/link-preview.component';
import { MessageBody } from '../content/message-body.component';
import { I18n } from '../i18n/i18n.service';
import { Attachment } from './attachment.component';
import { automatedSender, textBesideCard } from './card-rules';
import type { ShownMessage } from './chat-state';
import { ChatStore } from './chat.store';
import { EmojiPicker } from './emoji-picker.component';
import { MessageCard } from './message-card.component';
import { PeopleStore } from './people.store';
import { seenBy } from './receipts';
import { buildTimeline, localDay } from './timeline';

/** Closer than this to the bottom counts as "reading the newest": new messages keep it there. */
const STICK_TO_BOTTOM_PX = 80;

/**
 * A conversation's history (or, with `mode="thread"`, one thread: the root and its replies),
 * oldest first, newest at the bottom: day separators, grouped consecutive messages, the
 * "new messages" divider, attachments, reactions, reply counts, "Seen by", and each message's
 * actions. Older pages load when scrolled to the top (paged loading, see docs/web-conversation.md).
 */
@Component({
  selector: 'td-message-pane',
  imports: [MessageBody, LinkPreview, Attachment, EmojiPicker, MessageCard, CallSummaryNote],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Who is not a person is said so: a bot's or an integration's message can never pose as one.
  styles: `
    .automated {
      padding: 0 0.3rem;
      border: 1px solid var(--border);
      border-radius: 4px;
      font-weight: 600;
    }
  `,
  template: `
    @if (showJump()) {
      <button type="button" class="jump" data-testid="jump-to-unread" (click)="jumpToUnread()">
        {{ i18n.t('pane.jumpToUnread') }}
      </button>
    }
    <div
      class="messages"
      #scroller
      role="log"
      aria-live="polite"
      [attr.data-testid]="mode() === 'main' ? 'messages' : mode() + '-messages'"
      (scroll)="onScroll()"
    >
      @if (hasOlder()) {
        <button type="button" class="link older" data-testid="load-older" (click)="older.emit()">
          {{ loadingOlder() ? i18n.t('pane.loadingOlder') : i18n.t('pane.loadOlder') }}
        </button>
      }
      @if (loading()) {
        <p class="muted">{{ i18n.t('pane.loading') }}</p>
      } @else if (messages().length === 0) {
        <p class="muted">{{ i18n.t(mode() === 'thread' ? 'thread.empty' : 'pane.empty') }}</p>
      }
      @for (item of timeline(); track item.key) {
        @if (item.kind === 'day') {
          <div class="day-separator" role="separator" data-testid="day-separator">
            <span>{{ dayLabel(item.day) }}</span>
          </div>
        } @else if (item.kind === 'unread') {
          <div class="unread-divider" role="separator" data-testid="unread-divider" #divider>
            <span>{{ i18n.t('pane.newMessages') }}</span>
          </div>
        } @else {
          @let m = item.message;
          <article
            class="message"
            data-testid="message"
            [class.continued]="item.continued"
            [class.system]="m.kind === 'system'"
            [class.pending]="m.status === 'pending'"
            [class.failed]="m.status === 'failed'"
            [class.thread-root]="mode() === 'thread' && m.id === rootId()"
            [attr.data-status]="m.status"
            [attr.data-seq]="m.status === 'sent' ? m.seq : null"
          >
            <header [class.visually-hidden]="item.continued && m.status === 'sent'">
              <strong class="sender">{{ senderName(m) }}</strong>
              @if (automatedSender(m); as automated) {
                <span
                  class="status automated"
                  data-testid="sender-badge"
                  [attr.data-kind]="automated"
                  >{{
                    i18n.t(automated === 'bot' ? 'message.badge.bot' : 'message.badge.integration')
                  }}</span
                >
              }
              <time [attr.datetime]="m.createdAt">{{ time(m.createdAt) }}</time>
              @if (m.editedAt && !m.deletedAt) {
                <span class="status" data-testid="edited">{{ i18n.t('message.edited') }}</span>
              }
              @if (m.pinned) {
                <span class="status pinned" data-testid="pinned">{{
                  i18n.t('message.pinnedBadge')
                }}</span>
              }
              @if (m.status === 'pending') {
                <span class="status">{{ i18n.t('message.sending') }}</span>
              } @else if (m.status === 'failed') {
                <span class="status error">{{ i18n.t('message.failed') }}</span>
                <button
                  type="button"
                  class="link"
                  data-testid="retry"
                  (click)="store.retry(m.clientMsgId ?? '')"
                >
                  {{ i18n.t('message.retry') }}
                </button>
              }
            </header>
            @if (editingId() === m.id) {
              <form class="edit" (submit)="saveEdit($event, m)">
                <textarea
                  data-testid="edit-input"
                  rows="2"
                  [attr.aria-label]="i18n.t('message.editLabel')"
                  [value]="editDraft()"
                  (input)="editDraft.set($any($event.target).value)"
                  (keydown.escape)="editingId.set(null)"
                ></textarea>
                <button type="submit" data-testid="edit-save">{{ i18n.t('message.save') }}</button>
                <button type="button" class="link" (click)="editingId.set(null)">
                  {{ i18n.t('dialog.cancel') }}
                </button>
              </form>
            } @else if (m.deletedAt) {
              <p class="text muted" data-testid="message-deleted" [attr.data-purged]="m.purged">
                {{ i18n.t(m.purged ? 'message.purged' : 'message.deleted') }}
              </p>
            } @else if (callSummaryOf(m); as call) {
              <td-call-summary [system]="call" [callerId]="m.sender.id" [myId]="myId()" />
            } @else if (m.card) {
              @if (textBesideCard(m); as text) {
                <td-message-body class="text" data-testid="message-text" [text]="text" />
              }
              <td-message-card
                [messageId]="m.id"
                [card]="m.card"
                [cardVersion]="m.cardVersion ?? 1"
              />
            } @else {
              <td-message-body class="text" data-testid="message-text" [text]="m.text" />
              <td-link-preview [text]="m.text" />
            }
            @if (m.files?.length && !m.deletedAt) {
              <div class="attachments">
                @for (file of m.files; track file.id) {
                  <td-attachment [file]="file" />
                }
              </div>
            }
            @if (m.reactions?.length) {
              <div class="reactions">
                @for (r of m.reactions; track r.emoji) {
                  <button
                    type="button"
                    class="reaction"
                    data-testid="reaction"
                    [class.mine]="r.me"
                    [attr.aria-pressed]="r.me"
                    [attr.aria-label]="
                      i18n.t(r.me ? 'message.reactionMine' : 'message.reaction', {
                        emoji: r.emoji,
                        count: r.count,
                      })
                    "
                    (click)="store.toggleReaction(m, r.emoji)"
                  >
                    {{ r.emoji }} <span data-testid="reaction-count">{{ r.count }}</span>
                  </button>
                }
              </div>
            }
            @if (mode() === 'main' && m.thread && m.thread.replyCount > 0) {
              <button
                type="button"
                class="link replies"
                data-testid="reply-count"
                (click)="store.openThread(m.id)"
              >
                {{
                  m.thread.replyCount === 1
                    ? i18n.t('message.oneReply')
                    : i18n.t('message.replies', { count: m.thread.replyCount })
                }}
              </button>
            }
            @if (
              m.status === 'sent' && m.kind !== 'system' && !m.deletedAt && editingId() !== m.id
            ) {
              <div class="actions" role="toolbar" [attr.aria-label]="senderName(m)">
                <button
                  type="button"
                  data-testid="action-react"
                  [attr.aria-label]="i18n.t('message.react')"
                  [attr.aria-expanded]="reactingId() === m.id"
                  (click)="reactingId.set(reactingId() === m.id ? null : m.id)"
                >
                  ☺
                </button>
                @if (mode() === 'main' && !m.threadRootId) {
                  <button type="button" data-testid="action-reply" (click)="store.openThread(m.id)">
                    {{ i18n.t('message.reply') }}
                  </button>
                }
                @if (!m.threadRootId) {
                  <button type="button" data-testid="action-pin" (click)="store.togglePin(m)">
                    {{ i18n.t(m.pinned ? 'message.unpin' : 'message.pin') }}
                  </button>
                }
                @if (m.sender.id === myId()) {
                  <button type="button" data-testid="action-edit" (click)="startEdit(m)">
                    {{ i18n.t('message.edit') }}
                  </button>
                  <button type="button" data-testid="action-delete" (click)="remove(m)">
                    {{ i18n.t('message.delete') }}
                  </button>
                }
              </div>
              @if (reactingId() === m.id) {
                <td-emoji-picker (picked)="react(m, $event)" />
              }
            }
          </article>
        }
      }
      @if (seenLine(); as seen) {
        <p class="seen-by muted" data-testid="seen-by">{{ seen }}</p>
      }
    </div>
  `,
})
export class MessagePane {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(ChatStore);
  private readonly people = inject(PeopleStore);
  readonly messages = input.required<ShownMessage[]>();
  readonly loading = input(false);
  /** `main`: the conversation; `thread`: a root and its replies; `pins`: pinned messages. */
  readonly mode = input<'main' | 'thread' | 'pins'>('main');
  /** In thread mode: the root, drawn first and without the divider. */
  readonly rootId = input<string | null>(null);
  readonly unreadAfterSeq = input<number | null>(null);
  readonly receipts = input<Receipt[]>([]);
  readonly hasOlder = input(false);
  readonly loadingOlder = input(false);
  readonly older = output<void>();

  protected readonly myId = this.store.myId;
  protected readonly automatedSender = automatedSender;
  protected readonly textBesideCard = textBesideCard;
  protected readonly callSummaryOf = callSummaryOf;
  protected readonly editingId = signal<string | null>(null);
  protected readonly editDraft = signal('');
  protected readonly reactingId = signal<string | null>(null);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private readonly divider = viewChild<ElementRef<HTMLElement>>('divider');
  /** Distance from the bottom before the last change: kept, so older pages do not jump. */
  private fromBottom = 0;

  protected readonly timeline = computed(() =>
    buildTimeline(this.messages(), {
      unreadAfterSeq: this.mode() === 'main' ? this.unreadAfterSeq() : null,
      myId: this.myId(),
      hasOlder: this.hasOlder(),
    }),
  );
  /** The first unread message is on screen or in an older page not loaded yet. */
  protected readonly showJump = computed(() => {
    const after = this.unreadAfterSeq();
    if (this.mode() !== 'main' || after === null) return false;
    if (this.timeline().some((i) => i.kind === 'unread')) return !this.dividerInView();
    const oldest = this.messages().find((m) => m.status === 'sent');
    return this.hasOlder() && !!oldest && oldest.seq > after + 1;
  });
  /** The divider is on screen: the jump button would only cover it. */
  private readonly dividerInView = signal(false);
  /** A jump waits for older pages to load, then scrolls once the divider is drawn. */
  private jumpPending = false;

  /** "Seen by …" under the newest message: who has read up to it (not its sender, not me). */
  protected readonly seenLine = computed(() => {
    const newest = [...this.messages()]
      .reverse()
      .find((m) => m.status === 'sent' && m.kind !== 'system');
    if (!newest || this.mode() !== 'main') return null;
    const names = seenBy(this.receipts(), newest, this.myId())
      .map((id) => this.people.names().get(id))
      .filter((name): name is string => !!name);
    return names.length ? this.i18n.t('message.seenBy', { names: names.join(', ') }) : null;
  });

  constructor() {
    // Reading the newest: stay at the bottom as messages arrive. Scrolled up (reading older
    // ones, or an older page was just added above): keep the same distance from the bottom.
    afterRenderEffect(() => {
      this.messages();
      this.receipts();
      if (this.mode() === 'pins') return; // newest pin first, at the top: nothing to follow
      const element = this.scroller().nativeElement;
      const target =
        this.fromBottom < STICK_TO_BOTTOM_PX
          ? element.scrollHeight
          : element.scrollHeight - element.clientHeight - this.fromBottom;
      element.scrollTop = target;
      const divider = this.divider()?.nativeElement;
      if (this.jumpPending && divider) {
        this.jumpPending = false;
        divider.scrollIntoView({ block: 'start' });
      }
      this.checkDivider();
    });
  }

  protected onScroll(): void {
    const element = this.scroller().nativeElement;
    this.fromBottom = element.scrollHeight - element.clientHeight - element.scrollTop;
    if (element.scrollTop < 40 && this.hasOlder() && !this.loadingOlder()) this.older.emit();
    this.checkDivider();
  }

  private checkDivider(): void {
    const divider = this.divider()?.nativeElement;
    if (!divider) return this.dividerInView.set(false);
    const box = divider.getBoundingClientRect();
    const view = this.scroller().nativeElement.getBoundingClientRect();
    this.dividerInView.set(box.bottom > view.top && box.top < view.bottom);
  }

  protected jumpToUnread(): void {
    const divider = this.divider()?.nativeElement;
    if (divider) return divider.scrollIntoView({ block: 'start' });
    this.jumpPending = true;
    void this.store.loadOlderUntil(this.unreadAfterSeq() ?? 0);
  }

  protected senderName(m: ShownMessage): string {
    return (
      m.sender.displayName ??
      m.sender.username ??
      this.people.names().get(m.sender.id) ??
      this.i18n.t('message.unknownSender')
    );
  }

  protected time(iso: string): string {
    return new Date(iso).toLocaleTimeString(this.i18n.language(), {
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  protected dayLabel(day: string): string {
    const today = localDay(new Date().toISOString());
    const yesterday = localDay(new Date(Date.now() - 86_400_000).toISOString());
    if (day === today) return this.i18n.t('pane.today');
    if (day === yesterday) return this.i18n.t('pane.yesterday');
    return new Date(`${day}T12:00:00`).toLocaleDateString(this.i18n.language(), {
      weekday: 'long',
      year: 'numeric',
      month: 'long',
      day: 'numeric',
    });
  }

  protected react(m: ShownMessage, emoji: string): void {
    this.reactingId.set(null);
    void this.store.toggleReaction(m, emoji);
  }

  protected startEdit(m: ShownMessage): void {
    this.editDraft.set(m.text);
    this.editingId.set(m.id);
  }

  protected saveEdit(event: Event, m: ShownMessage): void {
    event.preventDefault();
    this.editingId.set(null);
    void this.store.edit(m, this.editDraft());
  }

  protected remove(m: ShownMessage): void {
    if (confirm(this.i18n.t('message.confirmDelete'))) void this.store.remove(m);
  }
}
