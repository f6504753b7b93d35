import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { ChatStore } from '../chat/chat.store';
import { Composer, type Outgoing } from '../chat/composer.component';
import { MessagePane } from '../chat/message-pane.component';
import { PeopleStore } from '../chat/people.store';
import { ThreadPanel } from '../chat/thread-panel.component';
import { TypingStore } from '../chat/typing.store';
import { I18n } from '../i18n/i18n.service';
import { typingLine } from '../chat/typing';

/**
 * One conversation in the widget: the full client's message pane, typing line and composer
 * (file drop included), the link back to the business object of a context conversation, and
 * a thread in place of the pane while one is open (there is no room beside it).
 */
@Component({
  selector: 'td-widget-conversation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MessagePane, Composer, ThreadPanel],
  template: `
    @if (contextUrl(); as url) {
      <a
        class="widget-context"
        data-testid="widget-context-link"
        target="_blank"
        rel="noopener"
        [href]="url"
        >{{ i18n.t('context.open', { title: contextName() || title() })
        }}<span aria-hidden="true"> ↗</span></a
      >
    }
    @if (store.threadRootId()) {
      <td-thread-panel />
    } @else {
      <td-message-pane
        [messages]="store.topLevel()"
        [loading]="store.loadingHistory()"
        [unreadAfterSeq]="store.unreadAfterSeq()"
        [receipts]="store.receipts()"
        [hasOlder]="store.hasOlder()"
        [loadingOlder]="store.loadingOlder()"
        (older)="store.loadOlder()"
      />
      <p class="typing" data-testid="typing" aria-live="polite">{{ typing() }}</p>
      <td-composer [target]="title()" [conversationId]="conversationId()" (send)="send($event)" />
    }
  `,
})
export class WidgetConversation {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(ChatStore);
  private readonly people = inject(PeopleStore);
  private readonly typingStore = inject(TypingStore);
  readonly conversationId = input.required<string>();
  readonly title = input.required<string>();
  /** The business object's page (`context.url`), when the conversation has one. */
  readonly contextUrl = input<string | null>(null);
  /** What the link back calls the object (the conversation's name). */
  readonly contextName = input<string | null>(null);

  /** "Bob is typing…" for this conversation (not its threads: they share the id). */
  protected readonly typing = computed(() =>
    typingLine(
      this.typingStore
        .typingIn(this.conversationId())
        .filter((id) => id !== this.store.myId())
        .map((id) => this.people.names().get(id) ?? this.i18n.t('message.unknownSender')),
      (key, params) => this.i18n.t(key, params),
    ),
  );

  protected send(message: Outgoing): void {
    void this.store.send(message.text, message.fileIds);
  }
}
