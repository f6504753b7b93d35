import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import type { TranslationKey } from '../../i18n/translations';
import { SECTION_STYLES } from '../admin-styles';
import { BotTokens } from './bot-tokens.component';
import { checkBot } from './integration-forms';
import { IntegrationsApi, type Bot } from './integrations-api';
import { problemText } from './problem-text';

/**
 * Bots: create one (a username and a display name its messages show under), list them, and
 * open a bot's API tokens — made with the scopes it needs, shown once, revoked here.
 */
@Component({
  selector: 'td-integrations-bots',
  imports: [BotTokens],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      tr.open {
        background: #f5f8ff;
      }
    `,
  ],
  template: `
    <section class="panel" aria-labelledby="new-bot">
      <h3 id="new-bot">{{ i18n.t('integrations.bots.create') }}</h3>
      <form class="row" (submit)="$event.preventDefault(); create()" novalidate>
        <label class="field">
          <span>{{ i18n.t('integrations.bots.username') }}</span>
          <input
            data-testid="bot-username"
            autocomplete="off"
            [value]="username()"
            [attr.aria-invalid]="problem() ? 'true' : null"
            (input)="username.set(value($event))"
          />
        </label>
        <label class="field">
          <span>{{ i18n.t('integrations.bots.displayName') }}</span>
          <input
            data-testid="bot-display-name"
            autocomplete="off"
            [value]="displayName()"
            (input)="displayName.set(value($event))"
          />
        </label>
        <button type="submit" class="primary" data-testid="bot-create" [disabled]="busy()">
          {{ i18n.t('integrations.bots.createButton') }}
        </button>
      </form>
      @if (problem(); as key) {
        <p class="error" role="alert" data-testid="bot-problem">{{ i18n.t(key) }}</p>
      }
    </section>
    @if (error(); as reason) {
      <p class="error" role="alert" data-testid="bots-error">{{ reason }}</p>
    }
    @if (bots().length === 0) {
      <p class="muted" data-testid="bots-empty">{{ i18n.t('integrations.bots.none') }}</p>
    } @else {
      <table data-testid="bots-table">
        <caption class="visually-hidden">
          {{
            i18n.t('integrations.tab.bots')
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('integrations.bots.username') }}</th>
            <th scope="col">{{ i18n.t('integrations.bots.displayName') }}</th>
            <th scope="col">{{ i18n.t('integrations.col.created') }}</th>
            <th scope="col">{{ i18n.t('integrations.col.actions') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (bot of bots(); track bot.id) {
            <tr
              data-testid="bot-row"
              [attr.data-username]="bot.username"
              [class.open]="open() === bot.id"
            >
              <td>&#64;{{ bot.username }}</td>
              <td>{{ bot.displayName ?? '' }}</td>
              <td>{{ when(bot.createdAt) }}</td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  data-testid="bot-tokens"
                  [attr.aria-expanded]="open() === bot.id"
                  (click)="open.set(open() === bot.id ? null : bot.id)"
                >
                  {{ i18n.t('integrations.bots.tokens') }}
                </button>
              </td>
            </tr>
            @if (open() === bot.id) {
              <tr>
                <td colspan="4"><td-bot-tokens [bot]="bot" /></td>
              </tr>
            }
          }
        </tbody>
      </table>
    }
  `,
})
export class BotsPanel {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(IntegrationsApi);

  protected readonly bots = signal<Bot[]>([]);
  protected readonly username = signal('');
  protected readonly displayName = signal('');
  protected readonly problem = signal<TranslationKey | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The bot whose tokens are open. */
  protected readonly open = signal<string | null>(null);

  constructor() {
    void this.reload();
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected async create(): Promise<void> {
    const check = checkBot({ username: this.username(), displayName: this.displayName() });
    this.error.set(null);
    if (!check.ok) {
      this.problem.set(check.problems[0]?.message ?? null);
      return;
    }
    this.problem.set(null);
    this.busy.set(true);
    try {
      const bot = await this.api.createBot(check.value.username, check.value.displayName);
      this.username.set('');
      this.displayName.set('');
      await this.reload();
      this.open.set(bot.id); // a new bot needs a token next
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async reload(): Promise<void> {
    try {
      this.bots.set(await this.api.bots());
    } catch (error) {
      this.error.set(problemText(error));
    }
  }
}
