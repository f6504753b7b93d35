import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import { SECTION_STYLES } from '../admin-styles';
import { EmbedSnippet } from './embed-snippet.component';
import { IntegrationsApi, type Bot, type WidgetSite } from './integrations-api';
import { problemText } from './problem-text';
import {
  checkWidgetSite,
  EMPTY_WIDGET_SITE,
  siteRefusal,
  type FieldMessage,
  type WidgetSiteField,
  type WidgetSiteForm,
} from './widget-site-forms';

/**
 * Widget sites: the origins whose pages may embed `<tidings-chat>` (docs/widget.md), each owned
 * by a bot. Add one (checked here first, the server's refusal shown beside the field it names),
 * list them, remove one after a confirmation; below, the snippet those pages embed.
 */
@Component({
  selector: 'td-integrations-widget-sites',
  imports: [EmbedSnippet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      .field p {
        margin: 0;
      }
      .field label {
        font-size: 0.85rem;
        color: #374151;
      }
      select[aria-invalid='true'] {
        border-color: #b91c1c;
      }
      h3:focus {
        outline: none;
      }
    `,
  ],
  template: `
    <section class="panel" aria-labelledby="new-widget-site">
      <h3 id="new-widget-site">{{ i18n.t('integrations.sites.create') }}</h3>
      <form (submit)="$event.preventDefault(); create()" novalidate>
        <div class="row">
          <div class="field">
            <label for="site-origin">{{ i18n.t('integrations.sites.origin') }}</label>
            <input
              #origin
              id="site-origin"
              data-testid="site-origin"
              autocomplete="off"
              spellcheck="false"
              placeholder="https://oa.example.com"
              [value]="form().origin"
              [attr.aria-invalid]="invalid('origin')"
              [attr.aria-describedby]="describedBy('origin', 'site-origin-hint')"
              (input)="set('origin', $event)"
            />
            <p class="hint" id="site-origin-hint">{{ i18n.t('integrations.sites.originHint') }}</p>
            @if (problems().origin; as problem) {
              <p
                class="error"
                role="alert"
                id="site-origin-problem"
                data-testid="site-origin-problem"
              >
                {{ say(problem) }}
              </p>
            }
          </div>
          <div class="field">
            <label for="site-bot">{{ i18n.t('integrations.sites.bot') }}</label>
            <select
              #bot
              id="site-bot"
              data-testid="site-bot"
              [attr.aria-invalid]="invalid('botId')"
              [attr.aria-describedby]="describedBy('botId', 'site-bot-hint')"
              (change)="set('botId', $event)"
            >
              <option value="" [selected]="form().botId === ''">
                {{ i18n.t('integrations.sites.chooseBot') }}
              </option>
              @for (candidate of bots(); track candidate.id) {
                <option [value]="candidate.id" [selected]="form().botId === candidate.id">
                  {{ botLabel(candidate) }}
                </option>
              }
            </select>
            <p class="hint" id="site-bot-hint">
              {{
                i18n.t(bots().length ? 'integrations.sites.botHint' : 'integrations.sites.noBots')
              }}
            </p>
            @if (problems().botId; as problem) {
              <p class="error" role="alert" id="site-botId-problem" data-testid="site-bot-problem">
                {{ say(problem) }}
              </p>
            }
          </div>
          <div class="field">
            <label for="site-name">{{ i18n.t('integrations.sites.name') }}</label>
            <input
              #name
              id="site-name"
              data-testid="site-name"
              autocomplete="off"
              [value]="form().name"
              [attr.aria-invalid]="invalid('name')"
              [attr.aria-describedby]="describedBy('name', null)"
              (input)="set('name', $event)"
            />
            @if (problems().name; as problem) {
              <p class="error" role="alert" id="site-name-problem" data-testid="site-name-problem">
                {{ say(problem) }}
              </p>
            }
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="primary" data-testid="site-create" [disabled]="busy()">
            {{ i18n.t('integrations.sites.createButton') }}
          </button>
        </div>
      </form>
    </section>

    @if (error(); as reason) {
      <p class="error" role="alert" data-testid="sites-error">{{ reason }}</p>
    }
    <p class="ok" role="status" data-testid="sites-status">{{ status() }}</p>

    <h3 #listHeading id="widget-sites-heading" tabindex="-1">
      {{ i18n.t('integrations.sites.heading') }}
    </h3>
    @if (sites().length === 0) {
      <p class="muted" data-testid="sites-empty">{{ i18n.t('integrations.sites.none') }}</p>
    } @else {
      <table data-testid="sites-table" aria-labelledby="widget-sites-heading">
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('integrations.sites.origin') }}</th>
            <th scope="col">{{ i18n.t('integrations.sites.name') }}</th>
            <th scope="col">{{ i18n.t('integrations.sites.bot') }}</th>
            <th scope="col">{{ i18n.t('integrations.col.created') }}</th>
            <th scope="col">{{ i18n.t('integrations.col.actions') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (site of sites(); track site.id) {
            <tr data-testid="site-row" [attr.data-id]="site.id" [attr.data-origin]="site.origin">
              <td>
                <code>{{ site.origin }}</code>
              </td>
              <td>{{ site.name ?? '' }}</td>
              <td>{{ site.botUsername ? '@' + site.botUsername : site.botId }}</td>
              <td>{{ when(site.createdAt) }}</td>
              <td>
                <button
                  type="button"
                  class="secondary"
                  data-testid="site-remove"
                  [attr.aria-label]="
                    i18n.t('integrations.sites.removeLabel', { origin: site.origin })
                  "
                  [disabled]="busy()"
                  (click)="remove(site)"
                >
                  {{ i18n.t('integrations.sites.remove') }}
                </button>
              </td>
            </tr>
          }
        </tbody>
      </table>
    }
    <td-embed-snippet />
  `,
})
export class WidgetSitesPanel {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(IntegrationsApi);

  protected readonly sites = signal<WidgetSite[]>([]);
  /** Only an active bot can own a site (the server refuses others: widget.bot_unknown). */
  private readonly allBots = signal<Bot[]>([]);
  protected readonly bots = computed(() => this.allBots().filter((bot) => bot.active));
  protected readonly form = signal<WidgetSiteForm>(EMPTY_WIDGET_SITE);
  /** Beside each field: our check's message, or the server's refusal naming it. */
  protected readonly problems = signal<Partial<Record<WidgetSiteField, FieldMessage>>>({});
  protected readonly busy = signal(false);
  /** A refusal naming no field, or a failed load or removal. */
  protected readonly error = signal<string | null>(null);
  /** What the last action did, for screen readers (a polite live region) and the eye. */
  protected readonly status = signal('');

  private readonly originField = viewChild.required<ElementRef<HTMLInputElement>>('origin');
  private readonly botField = viewChild.required<ElementRef<HTMLSelectElement>>('bot');
  private readonly nameField = viewChild.required<ElementRef<HTMLInputElement>>('name');
  private readonly listHeading = viewChild.required<ElementRef<HTMLElement>>('listHeading');

  constructor() {
    void this.reload();
    void this.loadBots();
  }

  protected invalid(field: WidgetSiteField): 'true' | null {
    return this.problems()[field] ? 'true' : null;
  }

  /** The hint always, and the problem while there is one, read with the field. */
  protected describedBy(field: WidgetSiteField, hint: string | null): string | null {
    const ids = [hint, this.problems()[field] ? `site-${field}-problem` : null].filter(Boolean);
    return ids.length > 0 ? ids.join(' ') : null;
  }

  protected say(message: FieldMessage): string {
    return 'key' in message ? this.i18n.t(message.key) : message.text;
  }

  protected set(field: WidgetSiteField, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLSelectElement).value;
    this.form.set({ ...this.form(), [field]: value });
  }

  protected botLabel(bot: Bot): string {
    return bot.displayName ? `@${bot.username} (${bot.displayName})` : `@${bot.username}`;
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected async create(): Promise<void> {
    const check = checkWidgetSite(this.form());
    this.error.set(null);
    this.status.set('');
    if (!check.ok) {
      this.showProblems(
        Object.fromEntries(check.problems.map((p) => [p.field, { key: p.message }])),
      );
      return;
    }
    this.problems.set({});
    this.busy.set(true);
    try {
      const site = await this.api.createWidgetSite(check.value);
      this.form.set(EMPTY_WIDGET_SITE);
      this.status.set(this.i18n.t('integrations.sites.added', { origin: site.origin }));
      await this.reload();
      this.originField().nativeElement.focus(); // ready for the next one
    } catch (error) {
      const refusal = siteRefusal(error);
      this.error.set(refusal.general);
      this.showProblems(refusal.byField);
      // The chosen bot was deactivated meanwhile: offer the bots as they are now.
      if (refusal.byField.botId) void this.loadBots();
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(site: WidgetSite): Promise<void> {
    if (!confirm(this.i18n.t('integrations.sites.confirmRemove', { origin: site.origin }))) return;
    this.busy.set(true);
    this.error.set(null);
    this.status.set('');
    try {
      await this.api.deleteWidgetSite(site.id);
      this.status.set(this.i18n.t('integrations.sites.removed', { origin: site.origin }));
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      await this.reload();
      this.busy.set(false);
      // The row and its button are gone: focus the list rather than drop it on the page.
      this.listHeading().nativeElement.focus();
    }
  }

  /** Shows the problems and moves focus to the first field that has one, in form order. */
  private showProblems(problems: Partial<Record<WidgetSiteField, FieldMessage>>): void {
    this.problems.set(problems);
    const fields = { origin: this.originField, botId: this.botField, name: this.nameField };
    const first = (['origin', 'botId', 'name'] as const).find((field) => problems[field]);
    if (first) fields[first]().nativeElement.focus();
  }

  private async reload(): Promise<void> {
    try {
      this.sites.set(await this.api.widgetSites());
    } catch (error) {
      this.error.set(problemText(error));
    }
  }

  private async loadBots(): Promise<void> {
    try {
      this.allBots.set(await this.api.bots());
    } catch (error) {
      this.error.set(problemText(error));
    }
  }
}
