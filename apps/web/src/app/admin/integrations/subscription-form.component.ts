import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import type { TranslationKey } from '../../i18n/translations';
import { SECTION_STYLES } from '../admin-styles';
import { ConversationPicker } from './conversation-picker.component';
import {
  checkSubscription,
  EMPTY_SUBSCRIPTION,
  type SubscriptionForm as Form,
} from './integration-forms';
import { IntegrationsApi, type Bot, type Webhook } from './integrations-api';
import { problemText } from './problem-text';

type TextField = 'name' | 'url' | 'events' | 'triggerWords';

/** Event types an administrator most often subscribes to, offered under the events box. */
const COMMON_EVENTS = [
  'messaging.message.sent',
  'messaging.member.joined',
  'integrations.card.action',
  'directory.*',
];

/**
 * "New outgoing subscription": where to (an HTTP endpoint, or the owner bot's `/connect`
 * socket), which events, which filters, in order or not. Checked here first (clear messages,
 * each field marked), then by the server, whose refusal is shown with the fields it names.
 * Emits the signing secret of what it created — the panel shows it once.
 */
@Component({
  selector: 'td-subscription-form',
  imports: [ConversationPicker],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      .checks {
        display: flex;
        gap: 1rem;
        flex-wrap: wrap;
        margin-top: 0.6rem;
      }
      textarea {
        font: inherit;
        padding: 0.45rem 0.6rem;
        border: 1px solid #9ca3af;
        border-radius: 6px;
      }
    `,
  ],
  template: `
    <section class="panel" aria-labelledby="new-subscription">
      <h3 id="new-subscription">{{ i18n.t('integrations.subscriptions.create') }}</h3>
      <form (submit)="$event.preventDefault(); create()" novalidate>
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('integrations.subscriptions.name') }}</span>
            <input
              data-testid="subscription-name"
              autocomplete="off"
              [value]="form().name"
              [attr.aria-invalid]="invalid('name')"
              (input)="set('name', $event)"
            />
          </label>
          <label class="field">
            <span>{{ i18n.t('integrations.subscriptions.mode') }}</span>
            <select data-testid="subscription-mode" (change)="setMode($event)">
              <option value="http" [selected]="form().mode === 'http'">
                {{ i18n.t('integrations.subscriptions.mode.http') }}
              </option>
              <option value="socket" [selected]="form().mode === 'socket'">
                {{ i18n.t('integrations.subscriptions.mode.socket') }}
              </option>
            </select>
          </label>
          <label class="field">
            <span>{{ i18n.t('integrations.subscriptions.bot') }}</span>
            <select
              data-testid="subscription-bot"
              [attr.aria-invalid]="invalid('botId')"
              (change)="setBot($event)"
            >
              <option value="" [selected]="form().botId === ''">
                {{ i18n.t('integrations.subscriptions.noBot') }}
              </option>
              @for (bot of bots(); track bot.id) {
                <option [value]="bot.id" [selected]="form().botId === bot.id">
                  {{ bot.displayName ?? bot.username }} (&#64;{{ bot.username }})
                </option>
              }
            </select>
          </label>
        </div>
        @if (webhooks().length > 0) {
          <div class="row">
            <label class="field">
              <span>{{ i18n.t('integrations.subscriptions.webhook') }}</span>
              <select data-testid="subscription-webhook" (change)="setWebhook($event)">
                <option value="" [selected]="form().webhookId === ''">
                  {{ i18n.t('integrations.subscriptions.noWebhook') }}
                </option>
                @for (hook of webhooks(); track hook.id) {
                  <option [value]="hook.id" [selected]="form().webhookId === hook.id">
                    {{ hook.displayName }}
                  </option>
                }
              </select>
            </label>
          </div>
        }
        @if (form().mode === 'http') {
          <div class="row">
            <label class="field">
              <span>{{ i18n.t('integrations.subscriptions.url') }}</span>
              <input
                type="url"
                data-testid="subscription-url"
                autocomplete="off"
                placeholder="https://erp.example.com/tidings/events"
                [value]="form().url"
                [attr.aria-invalid]="invalid('url')"
                (input)="set('url', $event)"
              />
            </label>
          </div>
        } @else {
          <p class="hint">{{ i18n.t('integrations.subscriptions.socketHint') }}</p>
        }
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('integrations.subscriptions.events') }}</span>
            <textarea
              rows="2"
              data-testid="subscription-events"
              [value]="form().events"
              [attr.aria-invalid]="invalid('events')"
              [attr.aria-describedby]="'events-hint'"
              (input)="set('events', $event)"
            ></textarea>
          </label>
        </div>
        <p class="hint" id="events-hint">
          {{ i18n.t('integrations.subscriptions.eventsHint', { examples: examples }) }}
        </p>
        <td-conversation-picker
          label="integrations.subscriptions.conversations"
          testId="subscription-conversation"
          [selected]="form().conversationIds"
          (selectedChange)="form.set({ ...form(), conversationIds: $event })"
        />
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('integrations.subscriptions.triggerWords') }}</span>
            <input
              data-testid="subscription-trigger-words"
              autocomplete="off"
              [value]="form().triggerWords"
              (input)="set('triggerWords', $event)"
            />
          </label>
          <label class="field">
            <span>{{ i18n.t('integrations.subscriptions.triggerAt') }}</span>
            <select data-testid="subscription-trigger-at" (change)="setTriggerAt($event)">
              <option value="anywhere" [selected]="form().triggerAt === 'anywhere'">
                {{ i18n.t('integrations.subscriptions.triggerAt.anywhere') }}
              </option>
              <option value="start" [selected]="form().triggerAt === 'start'">
                {{ i18n.t('integrations.subscriptions.triggerAt.start') }}
              </option>
            </select>
          </label>
        </div>
        <div class="checks">
          <label>
            <input
              type="checkbox"
              data-testid="subscription-mentions-only"
              [checked]="form().mentionsOnly"
              (change)="form.set({ ...form(), mentionsOnly: !form().mentionsOnly })"
            />
            {{ i18n.t('integrations.subscriptions.mentionsOnly') }}
          </label>
          <label>
            <input
              type="checkbox"
              data-testid="subscription-ordered"
              [checked]="form().ordered"
              (change)="form.set({ ...form(), ordered: !form().ordered })"
            />
            {{ i18n.t('integrations.subscriptions.ordered') }}
          </label>
        </div>
        @if (problems().length > 0) {
          <ul class="error" role="alert" data-testid="subscription-problems">
            @for (problem of problems(); track problem) {
              <li>{{ i18n.t(problem) }}</li>
            }
          </ul>
        }
        <div class="actions">
          <button
            type="submit"
            class="primary"
            data-testid="subscription-create"
            [disabled]="busy()"
          >
            {{ i18n.t('integrations.subscriptions.createButton') }}
          </button>
        </div>
      </form>
      @if (error(); as reason) {
        <p class="error" role="alert" data-testid="subscription-error">{{ reason }}</p>
      }
    </section>
  `,
})
export class SubscriptionFormComponent {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(IntegrationsApi);

  /** The new subscription's signing secret, shown once by the panel. */
  readonly created = output<string>();
  protected readonly examples = COMMON_EVENTS.join(', ');
  protected readonly bots = signal<Bot[]>([]);
  protected readonly webhooks = signal<Webhook[]>([]);
  protected readonly form = signal<Form>(EMPTY_SUBSCRIPTION);
  protected readonly problems = signal<TranslationKey[]>([]);
  private readonly invalidFields = signal<ReadonlySet<keyof Form>>(new Set());
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    // Owner bots are optional: without bots.manage the list stays empty, nothing else breaks.
    void this.api.bots().then(
      (bots) => this.bots.set(bots),
      () => undefined,
    );
    // A subscription may answer the card actions of an incoming webhook's cards.
    void this.api.webhooks().then(
      (webhooks) => this.webhooks.set(webhooks),
      () => undefined,
    );
  }

  protected invalid(field: keyof Form): 'true' | null {
    return this.invalidFields().has(field) ? 'true' : null;
  }

  protected set(field: TextField, event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
    this.form.set({ ...this.form(), [field]: value });
  }

  protected setMode(event: Event): void {
    const mode = (event.target as HTMLSelectElement).value === 'socket' ? 'socket' : 'http';
    this.form.set({ ...this.form(), mode });
  }

  protected setWebhook(event: Event): void {
    this.form.set({ ...this.form(), webhookId: (event.target as HTMLSelectElement).value });
  }

  protected setTriggerAt(event: Event): void {
    const at = (event.target as HTMLSelectElement).value === 'start' ? 'start' : 'anywhere';
    this.form.set({ ...this.form(), triggerAt: at });
  }

  protected setBot(event: Event): void {
    this.form.set({ ...this.form(), botId: (event.target as HTMLSelectElement).value });
  }

  protected async create(): Promise<void> {
    const check = checkSubscription(this.form());
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
      const made = await this.api.createSubscription(check.value);
      this.form.set(EMPTY_SUBSCRIPTION);
      this.created.emit(made.secret);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.busy.set(false);
    }
  }
}
