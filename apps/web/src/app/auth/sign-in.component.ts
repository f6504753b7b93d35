import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { LanguageSwitch } from '../i18n/language-switch.component';
import { AuthService } from './auth.service';

/** Shown to a signed-out visitor: one button to the issuer's login page. */
@Component({
  selector: 'td-sign-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LanguageSwitch],
  template: `
    <main class="sign-in">
      <h1>{{ i18n.t('signIn.heading') }}</h1>
      <p>{{ i18n.t('signIn.lead') }}</p>
      @if (error(); as reason) {
        <p class="error" role="alert">{{ i18n.t('signIn.failed', { reason }) }}</p>
      }
      <button type="button" class="primary" data-testid="sign-in" (click)="signIn()">
        {{ i18n.t('signIn.button') }}
      </button>
      <td-language-switch />
    </main>
  `,
})
export class SignIn {
  protected readonly i18n = inject(I18n);
  private readonly auth = inject(AuthService);
  protected readonly error = signal<string | null>(null);

  protected async signIn(): Promise<void> {
    try {
      await this.auth.signIn();
    } catch (error) {
      this.error.set(error instanceof Error ? error.message : String(error));
    }
  }
}
