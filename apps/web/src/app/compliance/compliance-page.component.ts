import { NgComponentOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AdminAccess } from '../admin/admin-access';
import { sectionFor } from '../admin/section-registry';
import { AuthService } from '../auth/auth.service';
import { SignIn } from '../auth/sign-in.component';
import { ScreenHeader } from '../directory/screen-header.component';
import { I18n } from '../i18n/i18n.service';
import { complianceEn, complianceZhCN } from '../i18n/strings/compliance';
import { directoryEn, directoryZhCN } from '../i18n/strings/directory';
import { registerStrings } from '../i18n/translations';
import { COMPLIANCE_SECTIONS } from './compliance-sections';
import { sectionsFor } from './section-access';

// This screen's strings travel in its own chunk (translations.ts); the header's too.
registerStrings({ en: complianceEn, 'zh-CN': complianceZhCN });
registerStrings({ en: directoryEn, 'zh-CN': directoryZhCN });

/**
 * `/compliance`: the compliance console — audit search, exports, verification, retention and
 * legal holds (`?section=`). Only for people whose role grants the audit permissions (the
 * compliance role; administrators do not have them); anyone else gets a clear refusal, and
 * the API answers their calls 403 anyway. Signed out: the sign-in page.
 */
@Component({
  selector: 'td-compliance-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SignIn, ScreenHeader, RouterLink, NgComponentOutlet],
  styles: `
    .screen {
      display: grid;
      grid-template-rows: auto 1fr;
      min-height: 100vh;
    }
    .console {
      display: grid;
      grid-template-columns: 14rem 1fr;
    }
    .side {
      background: #fff;
      border-right: 1px solid #e3e6ea;
      padding: 1rem 0.5rem;
    }
    .side h1 {
      font-size: 1.1rem;
      margin: 0 0.5rem 0.75rem;
    }
    .side ul {
      position: sticky;
      top: 1rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .side a {
      display: block;
      padding: 0.45rem 0.7rem;
      border-radius: 6px;
      color: inherit;
      text-decoration: none;
    }
    .side a:hover {
      background: #eef2f8;
    }
    .side a[aria-current='page'] {
      background: #2f6fde;
      color: #fff;
    }
    .content {
      padding: 1.25rem 1.5rem;
      min-width: 0;
    }
    .refusal {
      max-width: 32rem;
      margin: 10vh auto;
      background: #fff;
      padding: 2rem;
      border-radius: 12px;
    }
    .refusal h1 {
      margin-top: 0;
    }
    .error {
      color: #b91c1c;
    }
  `,
  template: `
    @if (auth.signedIn()) {
      <div class="screen">
        <td-screen-header current="compliance" />
        @if (!access.loaded()) {
          <main data-testid="compliance-page">
            <p role="status">{{ i18n.t('app.loading') }}</p>
          </main>
        } @else if (sections().length > 0) {
          <div class="console">
            <nav class="side" [attr.aria-label]="i18n.t('compliance.nav.label')">
              <h1>{{ i18n.t('compliance.heading') }}</h1>
              <ul>
                @for (item of sections(); track item.id) {
                  <li>
                    <a
                      routerLink="/compliance"
                      [queryParams]="{ section: item.id }"
                      [attr.data-testid]="'compliance-nav-' + item.id"
                      [attr.aria-current]="item.id === current()?.id ? 'page' : null"
                      >{{ i18n.t(item.label) }}</a
                    >
                  </li>
                }
              </ul>
            </nav>
            <main class="content" data-testid="compliance-page" [attr.data-section]="current()?.id">
              @if (current(); as shown) {
                <ng-container *ngComponentOutlet="shown.component" />
              }
            </main>
          </div>
        } @else {
          <main class="refusal" data-testid="compliance-refused">
            <h1>{{ i18n.t('compliance.refused.heading') }}</h1>
            @if (access.error(); as reason) {
              <p class="error" role="alert">{{ i18n.t('error.generic', { reason }) }}</p>
            } @else {
              <p role="alert">{{ i18n.t('compliance.refused.body') }}</p>
            }
            <p>
              <a routerLink="/">{{ i18n.t('compliance.refused.back') }}</a>
            </p>
          </main>
        }
      </div>
    } @else {
      <td-sign-in />
    }
  `,
})
export class CompliancePage {
  protected readonly i18n = inject(I18n);
  protected readonly auth = inject(AuthService);
  protected readonly access = inject(AdminAccess);
  /** Bound from `?section=` (withComponentInputBinding). */
  readonly section = input<string | undefined>();
  protected readonly sections = computed(() =>
    sectionsFor(COMPLIANCE_SECTIONS, (permission) => this.access.has(permission)),
  );
  protected readonly current = computed(() => sectionFor(this.sections(), this.section()));
}
