import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { ApiError, reasonOf } from '../api/api-client';
import type { Card, CardAction } from '../api/models';
import { MessageBody } from '../content/message-body.component';
import { I18n } from '../i18n/i18n.service';
import { CardActions } from './card-actions.service';
import { CardInputControl } from './card-input.component';
import {
  accentOf,
  isCallback,
  refusalOf,
  safeHref,
  valuesToSend,
  type InputProblem,
} from './card-rules';

/** Ids for label/description pairs; one message can be drawn twice (pane and thread). */
let instances = 0;

/**
 * A message's interactive card: title (linked when it has a URL), subtitle, markdown text
 * and field values through the message renderer (sanitised), short fields side by side,
 * select and text inputs, link buttons and action buttons, footer. A click posts the action
 * with the inputs' values; every button waits while it is in flight; a refusal shows its
 * field messages beside the inputs; a new card version (the answer, or the live frame)
 * replaces this one and clears what the last click left on screen.
 */
@Component({
  selector: 'td-message-card',
  imports: [MessageBody, CardInputControl],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let c = card();
    <section
      [class]="'card accent-' + accent().name"
      [style.border-left-color]="accent().colour"
      role="group"
      data-testid="card"
      [attr.data-card-version]="cardVersion()"
      [attr.aria-label]="i18n.t('card.label', { title: c.title })"
      [attr.aria-busy]="pending() !== null"
    >
      <p class="title">
        @if (titleHref(); as href) {
          <a
            data-testid="card-title"
            [href]="href"
            target="_blank"
            rel="noopener noreferrer nofollow"
            [title]="i18n.t('content.link.newTab')"
            >{{ c.title }}</a
          >
        } @else {
          <strong data-testid="card-title">{{ c.title }}</strong>
        }
      </p>
      @if (c.subtitle) {
        <p class="subtitle" data-testid="card-subtitle">{{ c.subtitle }}</p>
      }
      @if (c.text) {
        <td-message-body data-testid="card-text" [text]="c.text" />
      }
      @if (c.fields?.length) {
        <dl class="fields">
          @for (field of c.fields; track $index) {
            <div class="field" [class.short]="field.short" data-testid="card-field">
              <dt>{{ field.title }}</dt>
              <dd><td-message-body [text]="field.value" /></dd>
            </div>
          }
        </dl>
      }
      @for (input of inputs(); track input.id) {
        <td-card-input
          [input]="input"
          [controlId]="uid + '-' + input.id"
          [value]="valueOf(input.id)"
          [problem]="problems()[input.id] ?? null"
          (changed)="set(input.id, $event)"
        />
      }
      @if (c.actions?.length) {
        <div class="card-actions">
          @for (action of c.actions; track action.id) {
            @if (isCallback(action)) {
              <button
                type="button"
                [class]="buttonClass(action)"
                [attr.data-testid]="'card-action-' + action.id"
                [disabled]="pending() !== null"
                [attr.aria-busy]="pending() === action.id ? 'true' : null"
                (click)="click(action)"
              >
                {{ action.label }}
              </button>
            } @else if (safeHref(action.url); as href) {
              <a
                [class]="buttonClass(action)"
                [attr.data-testid]="'card-link-' + action.id"
                [href]="href"
                target="_blank"
                rel="noopener noreferrer nofollow"
                [title]="i18n.t('content.link.newTab')"
                >{{ action.label }} ↗</a
              >
            }
          }
        </div>
      }
      @if (pending() !== null) {
        <p class="note muted" role="status">{{ i18n.t('card.working') }}</p>
      } @else if (status(); as sent) {
        <p class="note muted" role="status" data-testid="card-status" [attr.data-status]="sent">
          {{ i18n.t(sent === 'queued' ? 'card.status.queued' : 'card.status.delivered') }}
        </p>
      }
      @if (refusal(); as reason) {
        <p class="note problem" role="alert" data-testid="card-error">
          {{ i18n.t('card.refused', { reason }) }}
        </p>
      }
      @if (c.footer) {
        <p class="footer muted" data-testid="card-footer">{{ c.footer }}</p>
      }
    </section>
  `,
  styles: `
    .card {
      margin-top: 0.3rem;
      max-width: 36rem;
      padding: 0.6rem 0.8rem;
      border: 1px solid var(--border);
      border-left: 4px solid var(--border);
      border-radius: 6px;
      background: var(--panel);
      display: grid;
      gap: 0.4rem;
    }
    .accent-info {
      border-left-color: var(--accent);
    }
    .accent-success {
      border-left-color: #2e7d32;
    }
    .accent-warning {
      border-left-color: #ed8b00;
    }
    .accent-danger {
      border-left-color: var(--danger);
    }
    p {
      margin: 0;
    }
    .title a {
      color: var(--accent);
      font-weight: 600;
    }
    .subtitle,
    .footer {
      font-size: 0.8rem;
    }
    .subtitle {
      color: var(--muted);
    }
    .fields {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.3rem 1rem;
      margin: 0;
    }
    .field {
      grid-column: 1 / -1;
    }
    .field.short {
      grid-column: auto;
    }
    dt {
      font-size: 0.8rem;
      font-weight: 600;
    }
    dd {
      margin: 0;
    }
    .card-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .card-button {
      font: inherit;
      font-size: 0.85rem;
      padding: 0.3rem 0.9rem;
      border-radius: 5px;
      border: 1px solid var(--border);
      background: var(--bg);
      color: var(--text);
      text-decoration: none;
    }
    .card-button.primary {
      background: var(--accent);
      border-color: var(--accent);
      color: #fff;
    }
    .card-button.danger {
      background: var(--danger);
      border-color: var(--danger);
      color: #fff;
    }
    .card-button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    .card-button:focus-visible {
      outline: 2px solid var(--accent);
      outline-offset: 1px;
    }
    .problem {
      color: var(--danger);
    }
  `,
})
export class MessageCard {
  protected readonly i18n = inject(I18n);
  private readonly actions = inject(CardActions);

  readonly messageId = input.required<string>();
  readonly card = input.required<Card>();
  readonly cardVersion = input(1);

  protected readonly uid = `card${++instances}`;
  protected readonly accent = computed(() => accentOf(this.card()));
  protected readonly titleHref = computed(() => safeHref(this.card().url));
  protected readonly inputs = computed(() => this.card().inputs ?? []);
  /** What was typed or chosen, by input id; kept across versions for inputs that remain. */
  protected readonly typed = signal<Record<string, string>>({});
  /** The action in flight: every button waits for it. */
  protected readonly pending = signal<string | null>(null);
  // What the last click left on screen belongs to that version: a new one starts clean.
  protected readonly status = linkedSignal<number, 'delivered' | 'queued' | null>({
    source: this.cardVersion,
    computation: () => null,
  });
  protected readonly problems = linkedSignal<number, Record<string, string>>({
    source: this.cardVersion,
    computation: () => ({}),
  });
  protected readonly refusal = linkedSignal<number, string | null>({
    source: this.cardVersion,
    computation: () => null,
  });

  protected readonly isCallback = isCallback;
  protected readonly safeHref = safeHref;

  protected valueOf(id: string): string {
    return this.typed()[id] ?? '';
  }

  protected set(id: string, value: string): void {
    this.typed.update((typed) => ({ ...typed, [id]: value }));
    if (this.problems()[id]) {
      const { [id]: _gone, ...rest } = this.problems();
      this.problems.set(rest);
    }
  }

  protected buttonClass(action: CardAction): string {
    return `card-button ${action.style ?? 'default'}`;
  }

  protected async click(action: CardAction): Promise<void> {
    if (this.pending() !== null) return;
    const check = valuesToSend(this.inputs(), this.typed());
    this.status.set(null);
    this.refusal.set(null);
    if (!check.ok) {
      this.problems.set(this.describe(check.problems));
      return;
    }
    this.problems.set({});
    this.pending.set(action.id);
    try {
      const answer = await this.actions.click(this.messageId(), action.id, check.values);
      if (answer.status !== 'updated') this.status.set(answer.status);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        const refusal = refusalOf(
          error.problem,
          error.message,
          this.inputs().map((i) => i.id),
        );
        this.problems.set(refusal.byInput);
        this.refusal.set(refusal.general);
      } else {
        this.refusal.set(reasonOf(error));
      }
    } finally {
      this.pending.set(null);
    }
  }

  private describe(problems: Record<string, InputProblem>): Record<string, string> {
    const described: Record<string, string> = {};
    for (const input of this.inputs()) {
      const problem = problems[input.id];
      if (problem === 'required') described[input.id] = this.i18n.t('card.problem.required');
      else if (problem === 'tooLong' && input.type === 'text')
        described[input.id] = this.i18n.t('card.problem.tooLong', { max: input.maxLength ?? 0 });
    }
    return described;
  }
}
