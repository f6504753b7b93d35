import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  viewChild,
} from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import type { ShownMessage } from './chat-state';

/**
 * The open conversation's history, oldest first, newest at the bottom. Text is bound with
 * interpolation only — Angular sets it as a text node, so markup in a message stays text.
 */
@Component({
  selector: 'td-message-pane',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="messages" #scroller role="log" aria-live="polite" data-testid="messages">
      @if (loading()) {
        <p class="muted">{{ i18n.t('pane.loading') }}</p>
      } @else if (messages().length === 0) {
        <p class="muted">{{ i18n.t('pane.empty') }}</p>
      }
      @for (m of messages(); track m.clientMsgId ?? m.id) {
        <article
          class="message"
          data-testid="message"
          [class.system]="m.kind === 'system'"
          [class.pending]="m.status === 'pending'"
          [class.failed]="m.status === 'failed'"
          [attr.data-status]="m.status"
        >
          <header>
            <strong class="sender">{{ senderName(m) }}</strong>
            <time [attr.datetime]="m.createdAt">{{ time(m.createdAt) }}</time>
            @if (m.status === 'pending') {
              <span class="status">{{ i18n.t('message.sending') }}</span>
            } @else if (m.status === 'failed') {
              <span class="status error">{{ i18n.t('message.failed') }}</span>
            }
          </header>
          @if (m.deletedAt) {
            <p class="text muted">{{ i18n.t('message.deleted') }}</p>
          } @else {
            <p class="text" data-testid="message-text">{{ m.text }}</p>
          }
        </article>
      }
    </div>
  `,
})
export class MessagePane {
  protected readonly i18n = inject(I18n);
  readonly messages = input.required<ShownMessage[]>();
  readonly loading = input(false);
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');

  constructor() {
    // Keep the newest message in view as messages arrive.
    afterRenderEffect(() => {
      this.messages();
      const element = this.scroller().nativeElement;
      element.scrollTop = element.scrollHeight;
    });
  }

  protected senderName(m: ShownMessage): string {
    return m.sender.displayName ?? m.sender.username ?? this.i18n.t('message.unknownSender');
  }

  protected time(iso: string): string {
    return new Date(iso).toLocaleTimeString(this.i18n.language(), {
      hour: '2-digit',
      minute: '2-digit',
    });
  }
}
