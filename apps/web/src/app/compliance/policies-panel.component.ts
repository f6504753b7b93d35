import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { SECTION_STYLES } from '../admin/admin-styles';
import { problemText } from '../admin/integrations/problem-text';
import { I18n } from '../i18n/i18n.service';
import type { TranslationKey } from '../i18n/translations';
import { ComplianceApi, type RetentionPolicy } from './compliance-api';
import { PeopleNames } from './people-names';
import {
  CONVERSATION_KINDS,
  policyBody,
  scopeLabel,
  type ConversationKind,
  type FormProblem,
  type PolicyForm,
} from './retention-forms';

const EMPTY: PolicyForm = { scope: 'kind', kind: 'channel', conversationId: '', days: '' };

/**
 * Retention policies: delete message content after N days, for a kind of conversation or one
 * conversation. The scheduled job leaves a tombstone and an audit record for each message it
 * empties, and skips whatever a legal hold covers.
 */
@Component({
  selector: 'td-retention-policies',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [SECTION_STYLES],
  template: `
    <section class="panel" aria-labelledby="policies-heading" data-testid="policies">
      <h3 id="policies-heading">{{ i18n.t('compliance.retention.heading') }}</h3>
      <p class="hint">{{ i18n.t('compliance.retention.lead') }}</p>
      @if (policies().length > 0) {
        <table data-testid="policies-table">
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('compliance.retention.scope') }}</th>
              <th scope="col">{{ i18n.t('compliance.retention.days') }}</th>
              <th scope="col">{{ i18n.t('compliance.col.createdBy') }}</th>
              <th scope="col">{{ i18n.t('compliance.exports.created') }}</th>
              <th scope="col">{{ i18n.t('compliance.col.actions') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (p of policies(); track p.id) {
              <tr data-testid="policy-row" [attr.data-id]="p.id">
                <td>{{ scope(p) }}</td>
                <td>{{ p.deleteContentAfterDays }}</td>
                <td>{{ names.nameOf(p.createdBy) }}</td>
                <td>{{ when(p.createdAt) }}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    data-testid="policy-delete"
                    [attr.aria-label]="
                      i18n.t('compliance.retention.deleteOne', { scope: scope(p) })
                    "
                    (click)="remove(p)"
                  >
                    {{ i18n.t('compliance.delete') }}
                  </button>
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else if (loaded()) {
        <p class="muted" data-testid="policies-empty">{{ i18n.t('compliance.retention.none') }}</p>
      }
      <form (submit)="create($event)" data-testid="policy-form">
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('compliance.retention.scope') }}</span>
            <select data-testid="policy-scope" (change)="scopeChosen($any($event.target).value)">
              @for (k of kinds; track k) {
                <option [value]="k" [selected]="form().scope === 'kind' && form().kind === k">
                  {{ i18n.t(kindKey(k)) }}
                </option>
              }
              <option value="conversation" [selected]="form().scope === 'conversation'">
                {{ i18n.t('compliance.retention.oneConversationOption') }}
              </option>
            </select>
          </label>
          @if (form().scope === 'conversation') {
            <label class="field">
              <span>{{ i18n.t('compliance.retention.conversationId') }}</span>
              <input
                type="text"
                spellcheck="false"
                data-testid="policy-conversation"
                [attr.aria-invalid]="invalid('conversationId') ? 'true' : null"
                [value]="form().conversationId"
                (input)="set({ conversationId: $any($event.target).value })"
              />
            </label>
          }
          <label class="field">
            <span>{{ i18n.t('compliance.retention.days') }}</span>
            <input
              type="number"
              min="1"
              inputmode="numeric"
              data-testid="policy-days"
              [attr.aria-invalid]="invalid('days') ? 'true' : null"
              [value]="form().days"
              (input)="set({ days: $any($event.target).value })"
            />
          </label>
          <button type="submit" class="primary" data-testid="policy-create" [disabled]="busy()">
            {{ i18n.t('compliance.retention.add') }}
          </button>
        </div>
        @if (problems().length > 0) {
          <ul class="error" role="alert" data-testid="policy-problems">
            @for (p of problems(); track p.field) {
              <li>{{ i18n.t(p.message) }}</li>
            }
          </ul>
        }
      </form>
      @if (error(); as reason) {
        <p class="error" role="alert">{{ reason }}</p>
      }
    </section>
  `,
})
export class PoliciesPanel {
  protected readonly i18n = inject(I18n);
  protected readonly names = inject(PeopleNames);
  private readonly api = inject(ComplianceApi);

  protected readonly kinds = CONVERSATION_KINDS;
  protected readonly policies = signal<RetentionPolicy[]>([]);
  protected readonly loaded = signal(false);
  protected readonly form = signal<PolicyForm>(EMPTY);
  protected readonly problems = signal<FormProblem<PolicyForm>[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected kindKey(kind: ConversationKind): TranslationKey {
    return `compliance.kind.${kind}`;
  }

  protected scope(policy: RetentionPolicy): string {
    const { key, params } = scopeLabel(policy.scope);
    return this.i18n.t(key, params);
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected invalid(field: keyof PolicyForm): boolean {
    return this.problems().some((p) => p.field === field);
  }

  protected set(change: Partial<PolicyForm>): void {
    this.form.update((form) => ({ ...form, ...change }));
  }

  protected scopeChosen(value: string): void {
    if (value === 'conversation') this.set({ scope: 'conversation' });
    else this.set({ scope: 'kind', kind: value as ConversationKind });
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    const checked = policyBody(this.form());
    if (!checked.ok) {
      this.problems.set(checked.problems);
      return;
    }
    this.problems.set([]);
    this.busy.set(true);
    try {
      await this.api.putPolicy(checked.body);
      this.form.set(EMPTY);
      await this.load();
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async remove(policy: RetentionPolicy): Promise<void> {
    try {
      await this.api.deletePolicy(policy.id);
      await this.load();
    } catch (error) {
      this.error.set(problemText(error));
    }
  }

  private async load(): Promise<void> {
    try {
      const policies = await this.api.policies();
      this.policies.set(policies);
      this.names.want(policies.map((p) => p.createdBy));
      this.error.set(null);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.loaded.set(true);
    }
  }
}
