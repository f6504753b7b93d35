import { ChangeDetectionStrategy, Component, effect, inject, OnDestroy } from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { callScreenEn, callScreenZhCN } from '../i18n/strings/call-screen';
import { registerStrings } from '../i18n/translations';
import { CallSession } from './call-session';
import { InCall } from './in-call.component';
import { IncomingCall } from './incoming-call.component';
import { Ringtone } from './ringtone';

// The call screen's strings travel in its own chunk (translations.ts).
registerStrings({ en: callScreenEn, 'zh-CN': callScreenZhCN });

/**
 * The call screen, loaded the first time a call rings here or one is started or joined
 * (the chat shell's @defer on CallWatch.wanted): the incoming-call toast with its ring, the
 * in-call view, and a line about what went wrong or was answered elsewhere.
 */
@Component({
  selector: 'td-call-overlay',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [IncomingCall, InCall],
  styles: `
    .notice {
      position: fixed;
      top: 1rem;
      left: 50%;
      z-index: 40;
      transform: translateX(-50%);
      padding: 0.5rem 1rem;
      border-radius: 6px;
      background: #1d2129;
      color: #fff;
    }
  `,
  template: `
    @if (session.incoming(); as call) {
      <td-incoming-call [call]="call" />
    }
    @if (session.call(); as call) {
      @if (session.local(); as local) {
        <td-in-call [call]="call" [local]="local" />
      }
    }
    <div aria-live="polite">
      @if (session.notice(); as notice) {
        <p class="notice" data-testid="call-notice">{{ i18n.t(notice.key, notice.params) }}</p>
      }
    </div>
  `,
})
export class CallOverlay implements OnDestroy {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(CallSession);
  private readonly ringtone = new Ringtone();

  constructor() {
    // Rings while a call rings here; any answer, here or elsewhere, or its end stops it.
    effect(() => (this.session.incoming() ? this.ringtone.start() : this.ringtone.stop()));
  }

  ngOnDestroy(): void {
    this.ringtone.stop();
    this.session.leave();
  }
}
