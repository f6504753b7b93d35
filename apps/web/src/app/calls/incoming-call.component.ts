import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { PeopleStore } from '../chat/people.store';
import { I18n } from '../i18n/i18n.service';
import { CallIcon } from './call-icon.component';
import type { CallView } from './call-models';
import { CallSession } from './call-session';

/** The ring: who calls, audio or video, Accept or Decline (the ringtone plays meanwhile). */
@Component({
  selector: 'td-incoming-call',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CallIcon],
  styles: `
    .toast {
      position: fixed;
      top: 1rem;
      right: 1rem;
      z-index: 30;
      min-width: 18rem;
      padding: 1rem;
      border: 1px solid var(--border);
      border-radius: 8px;
      background: var(--panel);
      box-shadow: 0 6px 24px rgb(0 0 0 / 25%);
    }
    .toast p {
      margin: 0 0 0.75rem;
      font-weight: 600;
    }
    .actions {
      display: flex;
      gap: 0.5rem;
    }
    button {
      flex: 1;
      padding: 0.5rem;
      border: 0;
      border-radius: 4px;
      color: #fff;
      cursor: pointer;
    }
    .accept {
      background: #1b7f3b;
    }
    .decline {
      background: var(--danger);
    }
  `,
  template: `
    <div
      class="toast"
      role="alertdialog"
      aria-labelledby="incoming-call-title"
      aria-describedby="incoming-call-text"
      data-testid="incoming-call"
      [attr.data-media]="call().media"
      (keydown.escape)="session.decline(call())"
    >
      <h2 id="incoming-call-title" class="visually-hidden">{{ i18n.t('call.incoming.label') }}</h2>
      <p id="incoming-call-text" data-testid="incoming-call-text">
        <td-call-icon [media]="call().media" />
        {{ text() }}
      </p>
      <div class="actions">
        <button
          type="button"
          class="accept"
          data-testid="call-accept"
          (click)="session.accept(call())"
        >
          {{ i18n.t('call.accept') }}
        </button>
        <button
          type="button"
          class="decline"
          data-testid="call-decline"
          (click)="session.decline(call())"
        >
          {{ i18n.t('call.decline') }}
        </button>
      </div>
    </div>
  `,
})
export class IncomingCall {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(CallSession);
  private readonly people = inject(PeopleStore);
  readonly call = input.required<CallView>();

  protected readonly text = computed(() => {
    const call = this.call();
    const name = this.people.names().get(call.startedBy) ?? this.i18n.t('message.unknownSender');
    return this.i18n.t(call.media === 'video' ? 'call.incoming.video' : 'call.incoming.audio', {
      name,
    });
  });
}
