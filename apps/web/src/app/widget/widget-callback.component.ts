import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { Router } from '@angular/router';
import { AuthService } from '../auth/auth.service';
import { SignInError } from '../auth/oidc-client';
import { I18n } from '../i18n/i18n.service';
import { popupTokensMessage } from './embed-messages';
import {
  callbackOutcome,
  POPUP_RETURN,
  WIDGET_SIGNIN_PATH,
  type CallbackOutcome,
} from './signin-flow';

/**
 * `/widget/callback`: where the issuer sends back both the frame's silent sign-in and the
 * popup's. The frame goes back to its page — signed in, or with `signin=required` to offer the
 * button. The popup hands its tokens to the frame that opened it (same origin, exact target)
 * and closes.
 */
@Component({
  selector: 'td-widget-callback',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <main class="sign-in">
      @if (error(); as reason) {
        <p class="error" role="alert">{{ i18n.t('signIn.failed', { reason }) }}</p>
        @if (popup()) {
          <a [href]="signInPath">{{ i18n.t('widget.tryAgain') }}</a>
        }
      } @else {
        <p role="status">{{ i18n.t('signIn.completing') }}</p>
      }
    </main>
  `,
})
export class WidgetCallback implements OnInit {
  protected readonly i18n = inject(I18n);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly error = signal<string | null>(null);
  /** This window is the sign-in popup (it has an opener), so it may start over. */
  protected readonly popup = signal(!!window.opener);
  protected readonly signInPath = WIDGET_SIGNIN_PATH;

  async ngOnInit(): Promise<void> {
    let outcome: CallbackOutcome;
    try {
      const returnTo = await this.auth.completeSignIn(new URL(location.href));
      outcome = callbackOutcome({ ok: true, returnTo });
    } catch (error) {
      const returnTo = error instanceof SignInError ? error.returnTo : undefined;
      const reason = error instanceof Error ? error.message : String(error);
      outcome = callbackOutcome({ ok: false, returnTo, reason });
    }
    switch (outcome.kind) {
      case 'frame':
        // replaceUrl: the spent code leaves the frame's history.
        await this.router.navigateByUrl(outcome.to, { replaceUrl: true });
        return;
      case 'popup':
        return this.handOver();
      case 'failed':
        this.error.set(outcome.reason);
    }
  }

  /** To the frame that opened this popup, and only if it is on this origin; then close. */
  private handOver(): void {
    const tokens = this.auth.currentTokens();
    const opener = window.opener as Window | null;
    if (tokens && opener && !opener.closed) {
      opener.postMessage(popupTokensMessage(tokens), location.origin);
      window.close();
      return;
    }
    // The frame is gone (or the browser cut the tie): signed in here, nothing to hand over.
    void this.router.navigateByUrl(POPUP_RETURN, { replaceUrl: true });
  }
}
