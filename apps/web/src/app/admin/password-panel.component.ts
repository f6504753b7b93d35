import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  Injector,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { ApiError } from '../api/api-client';
import type { Person } from '../directory/directory-api';
import { reasonOf } from '../api/api-client';
import { I18n } from '../i18n/i18n.service';
import type { TranslationKey } from '../i18n/translations';
import { AdminApi } from './admin-api';
import { SECTION_STYLES } from './admin-styles';
import {
  checkPasswordForm,
  EMPTY_PASSWORD_FORM,
  passwordRefusal,
  type PasswordForm,
} from './password-form';

/**
 * "Set sign-in password" for one local person: a generated password (shown once, with a copy
 * button) or a typed one (twice). The server creates their account at the built-in issuer if
 * they have none, or resets it and signs them out everywhere. A generated password lives only
 * in this component's state until "Done" — it is never stored or sent anywhere else.
 */
@Component({
  selector: 'td-admin-password',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      fieldset {
        border: 0;
        padding: 0;
        margin: 0 0 0.6rem;
        display: flex;
        gap: 1rem;
        flex-wrap: wrap;
      }
      legend {
        font-size: 0.85rem;
        color: #374151;
        margin-bottom: 0.3rem;
      }
      .secret {
        font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
        font-size: 1.15rem;
        letter-spacing: 0.05em;
        padding: 0.4rem 0.6rem;
        background: #f3f4f6;
        border-radius: 6px;
        user-select: all;
      }
      .warning {
        color: #92400e;
        font-weight: 600;
      }
    `,
  ],
  template: `
    <section class="panel" aria-labelledby="password-heading" data-testid="admin-password-panel">
      <h3 id="password-heading" tabindex="-1" #heading>
        {{
          i18n.t('admin.password.heading', {
            name: person().displayName,
            username: person().username,
          })
        }}
      </h3>
      @if (shown(); as secret) {
        <p>{{ i18n.t('admin.password.generated') }}</p>
        <div class="row">
          <output class="secret" data-testid="admin-password-generated" aria-live="polite">{{
            secret
          }}</output>
          <button
            type="button"
            class="secondary"
            data-testid="admin-password-copy"
            (click)="copy(secret)"
          >
            {{ i18n.t('admin.password.copy') }}
          </button>
        </div>
        <p class="warning" role="alert">
          {{ i18n.t('admin.password.onceWarning', { name: person().displayName }) }}
        </p>
        @if (copyNote(); as note) {
          <p class="hint" role="status" data-testid="admin-password-copy-note">
            {{ i18n.t(note) }}
          </p>
        }
        <div class="actions">
          <button
            type="button"
            class="primary"
            data-testid="admin-password-done"
            (click)="finish()"
          >
            {{ i18n.t('admin.password.done') }}
          </button>
        </div>
      } @else {
        <p class="hint">{{ i18n.t('admin.password.intro') }}</p>
        <form (submit)="$event.preventDefault(); submit()" novalidate>
          <fieldset>
            <legend>{{ i18n.t('admin.password.choice') }}</legend>
            <label>
              <input
                type="radio"
                name="password-mode"
                value="generate"
                data-testid="admin-password-mode-generate"
                [checked]="form().mode === 'generate'"
                (change)="setMode('generate')"
              />
              {{ i18n.t('admin.password.generate') }}
            </label>
            <label>
              <input
                type="radio"
                name="password-mode"
                value="type"
                data-testid="admin-password-mode-type"
                [checked]="form().mode === 'type'"
                (change)="setMode('type')"
              />
              {{ i18n.t('admin.password.type') }}
            </label>
          </fieldset>
          @if (form().mode === 'type') {
            <div class="row">
              <label class="field">
                <span>{{ i18n.t('admin.password.new') }}</span>
                <input
                  type="password"
                  name="new-password"
                  autocomplete="new-password"
                  data-testid="admin-password-new"
                  [value]="form().password"
                  [attr.aria-invalid]="invalid('password')"
                  (input)="setText('password', $event)"
                />
              </label>
              <label class="field">
                <span>{{ i18n.t('admin.password.confirm') }}</span>
                <input
                  type="password"
                  name="confirm-password"
                  autocomplete="new-password"
                  data-testid="admin-password-confirm"
                  [value]="form().confirm"
                  [attr.aria-invalid]="invalid('confirm')"
                  (input)="setText('confirm', $event)"
                />
              </label>
            </div>
          }
          @if (problems().length > 0) {
            <ul class="error" role="alert" data-testid="admin-password-problems">
              @for (problem of problems(); track problem) {
                <li>{{ i18n.t(problem) }}</li>
              }
            </ul>
          }
          @if (error(); as reason) {
            <p class="error" role="alert" data-testid="admin-password-error">{{ reason }}</p>
          }
          <div class="actions">
            <button
              type="submit"
              class="primary"
              data-testid="admin-password-submit"
              [disabled]="busy()"
            >
              {{ i18n.t('admin.password.submit') }}
            </button>
            <button
              type="button"
              class="secondary"
              data-testid="admin-password-cancel"
              (click)="closed.emit()"
            >
              {{ i18n.t('admin.password.cancel') }}
            </button>
          </div>
        </form>
      }
    </section>
  `,
})
export class PasswordPanel {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(AdminApi);
  private readonly injector = inject(Injector);

  readonly person = input.required<Person>();
  /** What happened, for the section's notice line; emitted when the panel is done. */
  readonly done = output<string>();
  readonly closed = output<void>();

  protected readonly form = signal<PasswordForm>(EMPTY_PASSWORD_FORM);
  protected readonly problems = signal<TranslationKey[]>([]);
  private readonly invalidFields = signal<ReadonlySet<'password' | 'confirm'>>(new Set());
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  /** The generated password, until "Done". */
  protected readonly shown = signal<string | null>(null);
  protected readonly copyNote = signal<TranslationKey | null>(null);
  private outcome = '';
  private readonly heading = viewChild<ElementRef<HTMLElement>>('heading');

  constructor() {
    // Opened from a row or right after creating someone: bring the panel to the eye and focus.
    afterNextRender(() => this.focusHeading(), { injector: this.injector });
  }

  protected invalid(field: 'password' | 'confirm'): 'true' | null {
    return this.invalidFields().has(field) ? 'true' : null;
  }

  protected setMode(mode: PasswordForm['mode']): void {
    this.form.set({ ...this.form(), mode });
    this.problems.set([]);
    this.invalidFields.set(new Set());
  }

  protected setText(field: 'password' | 'confirm', event: Event): void {
    this.form.set({ ...this.form(), [field]: (event.target as HTMLInputElement).value });
  }

  protected async submit(): Promise<void> {
    const person = this.person();
    const check = checkPasswordForm(this.form(), person.displayName);
    this.error.set(null);
    if (!check.ok) {
      this.problems.set(check.problems.map((p) => p.message));
      this.invalidFields.set(new Set(check.problems.map((p) => p.field)));
      return;
    }
    this.problems.set([]);
    this.invalidFields.set(new Set());
    this.busy.set(true);
    try {
      const result = await this.api.setPassword(person.username, check.body);
      // The typed password is not kept a moment longer than needed.
      this.form.set(EMPTY_PASSWORD_FORM);
      this.outcome = this.i18n.t(
        result.created ? 'admin.password.created' : 'admin.password.reset',
        {
          name: person.displayName,
          username: result.username,
        },
      );
      if (result.password) {
        this.shown.set(result.password);
        afterNextRender(() => this.focusHeading(), { injector: this.injector });
      } else {
        this.done.emit(this.outcome);
      }
    } catch (error) {
      const refusal = error instanceof ApiError ? passwordRefusal(error.code) : undefined;
      this.error.set(refusal ? this.i18n.t(refusal) : reasonOf(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async copy(secret: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(secret);
      this.copyNote.set('admin.password.copied');
    } catch {
      this.copyNote.set('admin.password.copyFailed');
    }
  }

  protected finish(): void {
    this.shown.set(null);
    this.done.emit(this.outcome);
  }

  private focusHeading(): void {
    const heading = this.heading()?.nativeElement;
    heading?.scrollIntoView?.({ block: 'nearest' });
    heading?.focus();
  }
}
