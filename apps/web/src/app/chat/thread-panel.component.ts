import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { ChatStore } from './chat.store';
import { Composer, type Outgoing } from './composer.component';
import { MessagePane } from './message-pane.component';

/** A thread beside the conversation: the root, its replies (live), and a reply box. */
@Component({
  selector: 'td-thread-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MessagePane, Composer],
  template: `
    <aside
      class="side-panel thread"
      data-testid="thread-panel"
      [attr.aria-label]="i18n.t('thread.title')"
    >
      <header class="side-header">
        <h2>{{ i18n.t('thread.title') }}</h2>
        <button
          type="button"
          class="link"
          data-testid="thread-close"
          (click)="store.openThread(null)"
        >
          {{ i18n.t('thread.close') }}
        </button>
      </header>
      <td-message-pane mode="thread" [rootId]="store.threadRootId()" [messages]="shown()" />
      @if (store.openId(); as conversationId) {
        <td-composer
          [target]="i18n.t('thread.target')"
          [conversationId]="conversationId"
          (send)="reply($event)"
        />
      }
    </aside>
  `,
})
export class ThreadPanel {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(ChatStore);
  protected readonly shown = computed(() => {
    const root = this.store.threadRoot();
    return root ? [root, ...this.store.threadReplies()] : this.store.threadReplies();
  });

  protected reply(message: Outgoing): void {
    void this.store.send(message.text, message.fileIds, this.store.threadRootId());
  }
}
