import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Conversation } from '../api/models';
import { I18n } from '../i18n/i18n.service';
import { conversationTitle, directPartner } from './conversation-title';

/**
 * The sidebar: conversations by last activity, with unread and mention badges, presence dots
 * for direct conversations, and "New channel". In `picking` mode (the embeddable widget, whose
 * frame has no `/c/:id` route and creates no channels) each conversation is a button that
 * emits `picked` instead of a link, and "New channel" is not offered.
 */
@Component({
  selector: 'td-conversation-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, NgTemplateOutlet],
  template: `
    <nav class="sidebar" [attr.aria-label]="i18n.t('sidebar.title')">
      <h2>{{ i18n.t('sidebar.title') }}</h2>
      @if (!picking()) {
        <button
          type="button"
          class="new-channel"
          data-testid="new-channel"
          (click)="newChannel.emit()"
        >
          + {{ i18n.t('newChannel.button') }}
        </button>
      }
      @if (conversations().length === 0) {
        <p class="muted">{{ i18n.t('sidebar.empty') }}</p>
      }
      <ul role="list">
        @for (c of conversations(); track c.id) {
          <li>
            @if (picking()) {
              <button
                type="button"
                class="conversation"
                data-testid="conversation"
                [attr.data-conversation-id]="c.id"
                [class.unread]="c.unreadCount > 0"
                (click)="picked.emit(c.id)"
              >
                <ng-container *ngTemplateOutlet="item; context: { $implicit: c }" />
              </button>
            } @else {
              <a
                class="conversation"
                data-testid="conversation"
                [class.active]="c.id === selectedId()"
                [class.unread]="c.unreadCount > 0"
                [routerLink]="['/c', c.id]"
                [attr.aria-current]="c.id === selectedId() ? 'page' : null"
              >
                <ng-container *ngTemplateOutlet="item; context: { $implicit: c }" />
              </a>
            }
          </li>
        }
      </ul>
    </nav>
    <ng-template #item let-c>
      @if (presenceOf(c); as state) {
        <span
          class="presence-dot"
          data-testid="presence-dot"
          role="img"
          [attr.data-state]="state"
          [attr.aria-label]="presenceLabel(state)"
        ></span>
      }
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
    </ng-template>
  `,
})
export class ConversationList {
  protected readonly i18n = inject(I18n);
  readonly conversations = input.required<Conversation[]>();
  readonly selectedId = input<string | null>(null);
  readonly names = input<ReadonlyMap<string, string>>(new Map());
  readonly presence = input<ReadonlyMap<string, string>>(new Map());
  readonly myId = input<string | null>(null);
  readonly newChannel = output<void>();
  /** Buttons that emit `picked` instead of links to `/c/:id`, and no "New channel". */
  readonly picking = input(false);
  readonly picked = output<string>();

  protected title(c: Conversation): string {
    return conversationTitle(c, (key, params) => this.i18n.t(key, params), {
      names: this.names(),
      myId: this.myId(),
    });
  }

  /** Direct conversations only; a state not known yet shows as offline. */
  protected presenceOf(c: Conversation): string | null {
    const partner = directPartner(c, this.myId());
    return partner ? (this.presence().get(partner) ?? 'offline') : null;
  }

  protected presenceLabel(state: string): string {
    const known = ['online', 'away', 'dnd', 'offline'].includes(state) ? state : 'offline';
    return this.i18n.t(`presence.${known as 'online' | 'away' | 'dnd' | 'offline'}`);
  }
}
