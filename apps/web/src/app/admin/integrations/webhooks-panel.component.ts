import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import type { TranslationKey } from '../../i18n/translations';
import { SECTION_STYLES } from '../admin-styles';
import { ConversationPicker } from './conversation-picker.component';
import { checkWebhook, EMPTY_WEBHOOK, type WebhookForm } from './integration-forms';
import { IntegrationsApi, type Webhook, type WebhookWithSecret } from './integrations-api';
import { problemText } from './problem-text';
import { SecretOnce } from './secret-once.component';

/**
 * Incoming webhooks: create one for conversations (display name, auth mode, optional IP
 * allowlist) and see its URL and secret once; list, rotate (the old secret stays valid for a
 * day), delete (its URL stops working at once). docs/integrations.md says what each mode means.
 */
@Component({
  selector: 'td-integrations-webhooks',
  imports: [ConversationPicker, SecretOnce],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: SECTION_STYLES,
  template: `
    <section class="panel" aria-labelledby="new-webhook">
      <h3 id="new-webhook">{{ i18n.t('integrations.webhooks.create') }}</h3>
      <form (submit)="$event.preventDefault(); create()" novalidate>
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('integrations.webhooks.displayName') }}</span>
            <input
              name="displayName"
              data-testid="webhook-display-name"
              autocomplete="off"
              [value]="form().displayName"
              [attr.aria-invalid]="invalid('displayName')"
              (input)="set('displayName', $event)"
            />
          </label>
          <label class="field">
            <span>{{ i18n.t('integrations.webhooks.auth') }}</span>
            <select data-testid="webhook-auth" (change)="set('auth', $event)">
              @for (mode of modes; track mode.value) {
                <option [value]="mode.value" [selected]="form().auth === mode.value">
                  {{ i18n.t(mode.label) }}
                </option>
              }
            </select>
          </label>
        </div>
        <p class="hint">{{ i18n.t(authHint()) }}</p>
        <td-conversation-picker
          label="integrations.webhooks.conversations"
          testId="webhook-conversation"
          [firstIsDefault]="true"
          [invalid]="invalid('conversations') === 'true'"
          [selected]="form().conversations"
          (selectedChange)="form.set({ ...form(), conversations: $event })"
        />
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('integrations.webhooks.ipAllowlist') }}</span>
            <input
              name="ipAllowlist"
              data-testid="webhook-ip-allowlist"
              autocomplete="off"
              [placeholder]="'10.0.0.0/8, 192.0.2.7'"
              [value]="form().ipAllowlist"
              (input)="set('ipAllowlist', $event)"
            />
          </label>
        </div>
        @if (problems().length > 0) {
          <ul class="error" role="alert" data-testid="webhook-problems">
            @for (problem of problems(); track problem) {
              <li>{{ i18n.t(problem) }}</li>
            }
          </ul>
        }
        <div class="actions">
          <button type="submit" class="primary" data-testid="webhook-create" [disabled]="busy()">
            {{ i18n.t('integrations.webhooks.createButton') }}
          </button>
        </div>
      </form>
    </section>

    @if (shown(); as made) {
      <td-secret-once
        heading="integrations.webhooks.secretHeading"
        [values]="secretValues(made)"
        (done)="shown.set(null)"
      />
    }
    @if (error(); as reason) {
      <p class="error" role="alert" data-testid="webhooks-error">{{ reason }}</p>
    }

    @if (webhooks().length === 0) {
      <p class="muted" data-testid="webhooks-empty">{{ i18n.t('integrations.webhooks.none') }}</p>
    } @else {
      <table data-testid="webhooks-table">
        <caption class="visually-hidden">
          {{
            i18n.t('integrations.webhooks.heading')
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('integrations.webhooks.displayName') }}</th>
            <th scope="col">{{ i18n.t('integrations.webhooks.conversations') }}</th>
            <th scope="col">{{ i18n.t('integrations.webhooks.auth') }}</th>
            <th scope="col">{{ i18n.t('integrations.col.created') }}</th>
            <th scope="col">{{ i18n.t('integrations.col.actions') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (hook of webhooks(); track hook.id) {
            <tr data-testid="webhook-row" [attr.data-id]="hook.id">
              <td>{{ hook.displayName }}</td>
              <td>{{ targets(hook) }}</td>
              <td>
                <span class="tag">{{ hook.auth }}</span>
                @if (hook.previousSecretValidUntil) {
                  <div class="hint">
                    {{
                      i18n.t('integrations.webhooks.previousValid', {
                        until: when(hook.previousSecretValidUntil),
                      })
                    }}
                  </div>
                }
              </td>
              <td>{{ when(hook.createdAt) }}</td>
              <td>
                <div class="actions">
                  <button
                    type="button"
                    class="secondary"
                    data-testid="webhook-rotate"
                    [disabled]="busy()"
                    (click)="rotate(hook)"
                  >
                    {{ i18n.t('integrations.rotate') }}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    data-testid="webhook-delete"
                    [disabled]="busy()"
                    (click)="remove(hook)"
                  >
                    {{ i18n.t('integrations.delete') }}
                  </button>
                </div>
              </td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
})
export class WebhooksPanel {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(IntegrationsApi);

  protected readonly modes: Array<{ value: WebhookForm['auth']; label: TranslationKey }> = [
    { value: 'url', label: 'integrations.webhooks.auth.url' },
    { value: 'standard', label: 'integrations.webhooks.auth.standard' },
    { value: 'dingtalk', label: 'integrations.webhooks.auth.dingtalk' },
  ];
  protected readonly webhooks = signal<Webhook[]>([]);
  protected readonly form = signal<WebhookForm>(EMPTY_WEBHOOK);
  protected readonly problems = signal<TranslationKey[]>([]);
  private readonly invalidFields = signal<ReadonlySet<keyof WebhookForm>>(new Set());
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The URL and secret just made: shown until "Done", kept nowhere else. */
  protected readonly shown = signal<WebhookWithSecret | null>(null);

  constructor() {
    void this.reload();
  }

  protected authHint(): TranslationKey {
    return `integrations.webhooks.authHint.${this.form().auth}`;
  }

  protected invalid(field: keyof WebhookForm): 'true' | null {
    return this.invalidFields().has(field) ? 'true' : null;
  }

  protected set(field: 'displayName' | 'auth' | 'ipAllowlist', event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    this.form.set({ ...this.form(), [field]: value });
  }

  protected targets(hook: Webhook): string {
    return hook.conversations.map((c) => (c.name ? `# ${c.name}` : c.id)).join(', ');
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected secretValues(made: WebhookWithSecret) {
    return [
      {
        label: 'integrations.webhooks.postUrl' as const,
        value: made.postUrl,
        testId: 'webhook-url',
      },
      { label: 'integrations.secret' as const, value: made.secret, testId: 'webhook-secret' },
    ];
  }

  protected async create(): Promise<void> {
    const check = checkWebhook(this.form());
    this.error.set(null);
    if (!check.ok) {
      this.problems.set(check.problems.map((p) => p.message));
      this.invalidFields.set(new Set(check.problems.map((p) => p.field)));
      return;
    }
    this.problems.set([]);
    this.invalidFields.set(new Set());
    await this.work(async () => {
      this.shown.set(await this.api.createWebhook(check.value));
      this.form.set(EMPTY_WEBHOOK);
    });
  }

  protected rotate(hook: Webhook): Promise<void> {
    return this.work(async () => this.shown.set(await this.api.rotateWebhook(hook.id, 24)));
  }

  protected async remove(hook: Webhook): Promise<void> {
    if (!confirm(this.i18n.t('integrations.webhooks.confirmDelete', { name: hook.displayName })))
      return;
    await this.work(() => this.api.deleteWebhook(hook.id));
  }

  private async work(action: () => Promise<unknown>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
      await this.reload();
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async reload(): Promise<void> {
    try {
      this.webhooks.set(await this.api.webhooks());
    } catch (error) {
      this.error.set(problemText(error));
    }
  }
}
