import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import type { TranslationKey } from '../../i18n/translations';
import { SECTION_STYLES } from '../admin-styles';
import { checkToken, DEFAULT_TOKEN_SCOPES, TOKEN_SCOPES } from './integration-forms';
import { IntegrationsApi, type Bot, type BotToken } from './integrations-api';
import { problemText } from './problem-text';
import { SecretOnce } from './secret-once.component';

/**
 * A bot's API tokens: the list (prefix, scopes, dates — never the token), a new token with
 * the scopes ticked and an optional expiry, shown once, and revocation (the token stops
 * working at once). docs/integrations-bots.md says what each scope opens.
 */
@Component({
  selector: 'td-bot-tokens',
  imports: [SecretOnce],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      fieldset {
        border: 0;
        padding: 0;
        margin: 0;
        display: flex;
        gap: 0.9rem;
        flex-wrap: wrap;
      }
      legend {
        font-size: 0.85rem;
        color: #374151;
        margin-bottom: 0.3rem;
      }
    `,
  ],
  template: `
    <div data-testid="bot-token-panel">
      @if (tokens().length === 0) {
        <p class="muted">{{ i18n.t('integrations.tokens.none') }}</p>
      } @else {
        <table data-testid="tokens-table">
          <caption class="visually-hidden">
            {{
              i18n.t('integrations.tokens.caption', { name: bot().username })
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('integrations.tokens.prefix') }}</th>
              <th scope="col">{{ i18n.t('integrations.tokens.scopes') }}</th>
              <th scope="col">{{ i18n.t('integrations.tokens.expires') }}</th>
              <th scope="col">{{ i18n.t('integrations.tokens.lastUsed') }}</th>
              <th scope="col">{{ i18n.t('integrations.col.actions') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (token of tokens(); track token.id) {
              <tr data-testid="token-row" [attr.data-revoked]="token.revokedAt !== null">
                <td>
                  <code>{{ token.prefix }}…</code>
                </td>
                <td>{{ token.scopes.join(', ') }}</td>
                <td>
                  {{
                    token.expiresAt ? when(token.expiresAt) : i18n.t('integrations.tokens.never')
                  }}
                </td>
                <td>{{ token.lastUsedAt ? when(token.lastUsedAt) : '—' }}</td>
                <td>
                  @if (token.revokedAt) {
                    <span class="tag failed">{{ i18n.t('integrations.tokens.revoked') }}</span>
                  } @else {
                    <button
                      type="button"
                      class="secondary"
                      data-testid="token-revoke"
                      [disabled]="busy()"
                      (click)="revoke(token)"
                    >
                      {{ i18n.t('integrations.tokens.revoke') }}
                    </button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
      <form (submit)="$event.preventDefault(); create()" novalidate>
        <fieldset>
          <legend>{{ i18n.t('integrations.tokens.scopes') }}</legend>
          @for (scope of allScopes; track scope) {
            <label>
              <input
                type="checkbox"
                [attr.data-testid]="'token-scope-' + scope"
                [checked]="scopes().includes(scope)"
                (change)="toggle(scope)"
              />
              <code>{{ scope }}</code>
            </label>
          }
        </fieldset>
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('integrations.tokens.expiresInDays') }}</span>
            <input
              inputmode="numeric"
              data-testid="token-expiry"
              autocomplete="off"
              [value]="expiresInDays()"
              (input)="expiresInDays.set(value($event))"
            />
          </label>
          <button type="submit" class="primary" data-testid="token-create" [disabled]="busy()">
            {{ i18n.t('integrations.tokens.create') }}
          </button>
        </div>
      </form>
      @if (problems().length > 0) {
        <ul class="error" role="alert">
          @for (problem of problems(); track problem) {
            <li>{{ i18n.t(problem) }}</li>
          }
        </ul>
      }
      @if (error(); as reason) {
        <p class="error" role="alert" data-testid="tokens-error">{{ reason }}</p>
      }
      @if (made(); as token) {
        <td-secret-once
          heading="integrations.tokens.madeHeading"
          [values]="[{ label: 'integrations.tokens.token', value: token, testId: 'bot-token' }]"
          (done)="made.set(null)"
        />
      }
    </div>
  `,
})
export class BotTokens {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(IntegrationsApi);

  readonly bot = input.required<Bot>();
  /** By id: the bots list reloading hands a fresh object of the same bot. */
  private readonly botId = computed(() => this.bot().id);
  protected readonly allScopes = TOKEN_SCOPES;
  protected readonly tokens = signal<BotToken[]>([]);
  protected readonly scopes = signal<string[]>([...DEFAULT_TOKEN_SCOPES]);
  protected readonly expiresInDays = signal('');
  protected readonly problems = signal<TranslationKey[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The token just made: shown until "Done", kept nowhere else. */
  protected readonly made = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.botId();
      untracked(() => void this.reload(id));
    });
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected toggle(scope: string): void {
    this.scopes.update((scopes) =>
      scopes.includes(scope) ? scopes.filter((s) => s !== scope) : [...scopes, scope],
    );
  }

  protected async create(): Promise<void> {
    const check = checkToken({ scopes: this.scopes(), expiresInDays: this.expiresInDays() });
    if (!check.ok) {
      this.problems.set(check.problems.map((p) => p.message));
      return;
    }
    this.problems.set([]);
    await this.work(async () => {
      const made = await this.api.createToken(this.bot().id, check.value);
      this.made.set(made.token);
      this.expiresInDays.set('');
    });
  }

  protected async revoke(token: BotToken): Promise<void> {
    if (!confirm(this.i18n.t('integrations.tokens.confirmRevoke', { prefix: token.prefix })))
      return;
    await this.work(() => this.api.revokeToken(this.bot().id, token.id));
  }

  private async work(action: () => Promise<unknown>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
      await this.reload(this.bot().id);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async reload(id: string): Promise<void> {
    try {
      const tokens = await this.api.tokens(id);
      if (this.bot().id === id) this.tokens.set(tokens);
    } catch (error) {
      this.error.set(problemText(error));
    }
  }
}
