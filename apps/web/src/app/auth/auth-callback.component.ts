import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { I18n } from '../i18n/i18n.service';
import { AuthService } from './auth.service';

/** /auth/callback: the issuer sends the browser back here with a code to exchange. */
@Component({
  selector: 'td-auth-callback',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <main class="sign-in">
      @if (error(); as reason) {
        <p class="error" role="alert">{{ i18n.t('signIn.failed', { reason }) }}</p>
        <a routerLink="/">{{ i18n.t('signIn.button') }}</a>
      } @else {
        <p role="status">{{ i18n.t('signIn.completing') }}</p>
      }
    </main>
  `,
})
export class AuthCallback implements OnInit {
  protected readonly i18n = inject(I18n);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly error = signal<string | null>(null);

  async ngOnInit(): Promise<void> {
    try {
      const returnTo = await this.auth.completeSignIn(new URL(location.href));
      // replaceUrl: the code in the address bar is spent; Back must not land on it again.
      await this.router.navigateByUrl(returnTo, { replaceUrl: true });
    } catch (error) {
      this.error.set(error instanceof Error ? error.message : String(error));
    }
  }
}
