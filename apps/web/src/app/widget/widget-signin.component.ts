import { ChangeDetectionStrategy, Component, inject, input, OnInit, signal } from '@angular/core';
import { AuthService } from '../auth/auth.service';
import { I18n } from '../i18n/i18n.service';
import { POPUP_RETURN, WIDGET_CALLBACK_PATH } from './signin-flow';

/**
 * `/widget/signin`, the popup the frame's "Sign in" button opens: the issuer's normal
 * (interactive) login on the Tidings origin, back through `/widget/callback`, which hands the
 * tokens to the frame. Opened again with `?done=1` when there was no frame to hand them to.
 */
@Component({
  selector: 'td-widget-signin',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="sign-in">
      @if (done()) {
        <p role="status" data-testid="widget-popup-done">{{ i18n.t('widget.popupDone') }}</p>
      } @else if (error(); as reason) {
        <p class="error" role="alert">{{ i18n.t('signIn.failed', { reason }) }}</p>
      } @else {
        <p role="status">{{ i18n.t('signIn.completing') }}</p>
      }
    </main>
  `,
})
export class WidgetSignIn implements OnInit {
  protected readonly i18n = inject(I18n);
  private readonly auth = inject(AuthService);
  /** Query parameter: the flow is over (see WidgetCallback). */
  readonly done = input<string | undefined>();
  protected readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    if (this.done()) return;
    try {
      await this.auth.signIn(POPUP_RETURN, { redirectPath: WIDGET_CALLBACK_PATH });
    } catch (error) {
      this.error.set(error instanceof Error ? error.message : String(error));
    }
  }
}
