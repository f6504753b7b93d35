import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import type { TranslationKey } from '../../i18n/translations';

/**
 * Something the server shows once — a webhook's URL and secret, a subscription's signing
 * secret, a bot token — with a copy button for each value and a reminder that it cannot be
 * shown again. "Done" forgets it (the page never keeps it anywhere else).
 */
@Component({
  selector: 'td-secret-once',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="once" role="region" [attr.aria-label]="i18n.t(heading())" data-testid="secret-once">
      <p>
        <strong>{{ i18n.t(heading()) }}</strong>
      </p>
      <p class="warning">{{ i18n.t('integrations.once.warning') }}</p>
      @for (item of values(); track item.testId) {
        <div class="value">
          <span class="label">{{ i18n.t(item.label) }}</span>
          <code [attr.data-testid]="item.testId">{{ item.value }}</code>
          <button
            type="button"
            class="secondary"
            [attr.data-testid]="item.testId + '-copy'"
            [attr.aria-label]="i18n.t('integrations.once.copyLabel', { what: i18n.t(item.label) })"
            (click)="copy(item.value, item.testId)"
          >
            {{
              i18n.t(
                copied() === item.testId ? 'integrations.once.copied' : 'integrations.once.copy'
              )
            }}
          </button>
        </div>
      }
      @if (copyFailed()) {
        <p class="error" role="alert">{{ i18n.t('integrations.once.copyFailed') }}</p>
      }
      <button type="button" class="primary" data-testid="secret-once-done" (click)="done.emit()">
        {{ i18n.t('integrations.once.done') }}
      </button>
    </div>
  `,
  styles: `
    .once {
      border: 1px solid #f0b429;
      background: #fffbea;
      border-radius: 8px;
      padding: 0.8rem 1rem;
      margin: 0.8rem 0;
      display: grid;
      gap: 0.5rem;
      justify-items: start;
    }
    p {
      margin: 0;
    }
    .warning {
      color: #7c4a03;
    }
    .value {
      display: grid;
      grid-template-columns: 9rem 1fr auto;
      gap: 0.5rem;
      align-items: center;
      width: 100%;
    }
    .label {
      font-size: 0.85rem;
      color: #374151;
    }
    code {
      overflow-wrap: anywhere;
      background: #fff;
      border: 1px solid #e3e6ea;
      border-radius: 4px;
      padding: 0.3rem 0.45rem;
      user-select: all;
    }
    button.secondary {
      background: #fff;
      border: 1px solid #2f6fde;
      color: #1f4fae;
      border-radius: 6px;
      padding: 0.35rem 0.8rem;
    }
    .error {
      color: #b91c1c;
    }
  `,
})
export class SecretOnce {
  protected readonly i18n = inject(I18n);
  readonly heading = input.required<TranslationKey>();
  readonly values =
    input.required<Array<{ label: TranslationKey; value: string; testId: string }>>();
  readonly done = output<void>();
  protected readonly copied = signal<string | null>(null);
  protected readonly copyFailed = signal(false);

  protected async copy(value: string, testId: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      this.copied.set(testId);
      this.copyFailed.set(false);
    } catch {
      // No clipboard (an insecure origin, a refused permission): the value is selectable.
      this.copyFailed.set(true);
    }
  }
}
