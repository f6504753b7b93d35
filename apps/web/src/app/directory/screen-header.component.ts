import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AdminAccess } from '../admin/admin-access';
import { AuthService } from '../auth/auth.service';
import { I18n } from '../i18n/i18n.service';
import { LanguageSwitch } from '../i18n/language-switch.component';

/**
 * The top bar of the screens outside the chat (directory, admin and compliance consoles): the
 * way back to the chat and to each other, the language switch and sign-out.
 */
@Component({
  selector: 'td-screen-header',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, LanguageSwitch],
  styles: `
    :host {
      display: block;
    }
    header {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 0 1rem;
      height: 3rem;
      background: #1f2a44;
      color: #fff;
    }
    nav ul {
      display: flex;
      gap: 0.25rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    nav a {
      color: #dfe8ff;
      text-decoration: none;
      padding: 0.35rem 0.7rem;
      border-radius: 6px;
    }
    nav a:hover,
    nav a:focus-visible {
      background: #33415f;
    }
    nav a[aria-current='page'] {
      background: #2f6fde;
      color: #fff;
    }
    .brand {
      font-weight: 700;
    }
    .spacer {
      flex: 1;
    }
    .sign-out {
      background: none;
      border: 0;
      color: #dfe8ff;
    }
  `,
  template: `
    <header>
      <span class="brand">{{ i18n.t('app.title') }}</span>
      <nav [attr.aria-label]="i18n.t('directory.nav.label')">
        <ul>
          <li>
            <a routerLink="/" data-testid="nav-chat">{{ i18n.t('directory.nav.chat') }}</a>
          </li>
          <li>
            <a
              routerLink="/directory"
              data-testid="nav-directory"
              [attr.aria-current]="current() === 'directory' ? 'page' : null"
              >{{ i18n.t('directory.nav.directory') }}</a
            >
          </li>
          @if (access.canAdminister() || current() === 'admin') {
            <li>
              <a
                routerLink="/admin"
                data-testid="nav-admin"
                [attr.aria-current]="current() === 'admin' ? 'page' : null"
                >{{ i18n.t('directory.nav.admin') }}</a
              >
            </li>
          }
          @if (access.has('audit.read') || current() === 'compliance') {
            <li>
              <a
                routerLink="/compliance"
                data-testid="nav-compliance"
                [attr.aria-current]="current() === 'compliance' ? 'page' : null"
                >{{ i18n.t('nav.compliance') }}</a
              >
            </li>
          }
        </ul>
      </nav>
      <span class="spacer"></span>
      @if (auth.user(); as user) {
        <span data-testid="me">{{ user.displayName ?? user.username }}</span>
      }
      <td-language-switch />
      @if (auth.signedIn()) {
        <button type="button" class="sign-out" data-testid="sign-out" (click)="auth.signOut()">
          {{ i18n.t('signOut.button') }}
        </button>
      }
    </header>
  `,
})
export class ScreenHeader {
  protected readonly i18n = inject(I18n);
  protected readonly auth = inject(AuthService);
  protected readonly access = inject(AdminAccess);
  /** Which screen is showing, for aria-current. */
  readonly current = input.required<'directory' | 'admin' | 'compliance'>();
}
