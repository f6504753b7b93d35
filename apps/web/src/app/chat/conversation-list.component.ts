import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Conversation } from '../api/models';
import { I18n } from '../i18n/i18n.service';
import { conversationTitle } from './conversation-title';

/** The sidebar: conversations by last activity, with unread and mention badges. */
@Component({
  selector: 'td-conversation-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <nav class="sidebar" [attr.aria-label]="i18n.t('sidebar.title')">
      <h2>{{ i18n.t('sidebar.title') }}</h2>
      @if (conversations().length === 0) {
        <p class="muted">{{ i18n.t('sidebar.empty') }}</p>
      }
      <ul role="list">
        @for (c of conversations(); track c.id) {
          <li>
            <a
              class="conversation"
              data-testid="conversation"
              [class.active]="c.id === selectedId()"
              [class.unread]="c.unreadCount > 0"
              [routerLink]="['/c', c.id]"
              [attr.aria-current]="c.id === selectedId() ? 'page' : null"
            >
              <span class="name">{{ title(c) }}</span>
              @if (c.mentionCount > 0) {
                <span
                  class="badge mention"
                  data-testid="mention-badge"
                  [attr.aria-label]="i18n.t('sidebar.mentions', { count: c.mentionCount })"
                  >&#64;{{ c.mentionCount }}</span
                >
              }
              @if (c.unreadCount > 0) {
                <span
                  class="badge"
                  data-testid="unread-badge"
                  [attr.aria-label]="i18n.t('sidebar.unread', { count: c.unreadCount })"
                  >{{ c.unreadCount }}</span
                >
              }
            </a>
          </li>
        }
      </ul>
    </nav>
  `,
})
export class ConversationList {
  protected readonly i18n = inject(I18n);
  readonly conversations = input.required<Conversation[]>();
  readonly selectedId = input<string | null>(null);

  protected title(c: Conversation): string {
    return conversationTitle(c, (key, params) => this.i18n.t(key, params));
  }
}
