import { ChangeDetectionStrategy, Component, computed, inject, output } from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { confirmed } from './chat-state';
import { ChatStore } from './chat.store';
import { MessagePane } from './message-pane.component';

/** The open conversation's pinned messages, most recently pinned first, kept live. */
@Component({
  selector: 'td-pins-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MessagePane],
  template: `
    <aside class="side-panel" data-testid="pins-panel" [attr.aria-label]="i18n.t('pins.title')">
      <header class="side-header">
        <h2>{{ i18n.t('pins.title') }}</h2>
        <button type="button" class="link" (click)="closed.emit()">
          {{ i18n.t('dialog.close') }}
        </button>
      </header>
      @if (shown().length === 0) {
        <p class="muted pins-empty">{{ i18n.t('pins.empty') }}</p>
      } @else {
        <td-message-pane mode="pins" [messages]="shown()" />
      }
    </aside>
  `,
})
export class PinsPanel {
  protected readonly i18n = inject(I18n);
  private readonly store = inject(ChatStore);
  readonly closed = output<void>();
  /** Shown in the order pinned (newest pin on top), not by seq. */
  protected readonly shown = computed(() => (this.store.pins() ?? []).map(confirmed));
}
