import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { SECTION_STYLES } from '../admin/admin-styles';
import { problemText } from '../admin/integrations/problem-text';
import { I18n } from '../i18n/i18n.service';
import { ComplianceApi, type LegalHold } from './compliance-api';
import { PeopleNames } from './people-names';
import { PersonPicker } from './person-picker.component';
import { holdBody, holdSubject, type FormProblem, type HoldForm } from './retention-forms';

const EMPTY: HoldForm = { target: 'user', userId: null, conversationId: '', reason: '' };

/**
 * Legal holds: while one covers a person or a conversation, retention deletes none of their
 * content. Releasing a hold asks for a second click — afterwards the next retention run may
 * delete what it protected.
 */
@Component({
  selector: 'td-legal-holds',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PersonPicker],
  styles: [SECTION_STYLES],
  template: `
    <section class="panel" aria-labelledby="holds-heading" data-testid="holds">
      <h3 id="holds-heading">{{ i18n.t('compliance.holds.heading') }}</h3>
      <p class="hint">{{ i18n.t('compliance.holds.lead') }}</p>
      @if (holds().length > 0) {
        <table data-testid="holds-table">
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('compliance.holds.target') }}</th>
              <th scope="col">{{ i18n.t('compliance.holds.reason') }}</th>
              <th scope="col">{{ i18n.t('compliance.col.createdBy') }}</th>
              <th scope="col">{{ i18n.t('compliance.exports.created') }}</th>
              <th scope="col">{{ i18n.t('compliance.col.actions') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (h of holds(); track h.id) {
              <tr data-testid="hold-row" [attr.data-id]="h.id">
                <td>{{ subject(h) }}</td>
                <td>{{ h.reason }}</td>
                <td>{{ names.nameOf(h.createdBy) }}</td>
                <td>{{ when(h.createdAt) }}</td>
                <td>
                  <div class="actions">
                    @if (confirming() === h.id) {
                      <button
                        type="button"
                        class="secondary"
                        data-testid="hold-release-confirm"
                        (click)="release(h)"
                      >
                        {{ i18n.t('compliance.holds.confirm') }}
                      </button>
                      <button type="button" class="secondary" (click)="confirming.set(null)">
                        {{ i18n.t('compliance.cancel') }}
                      </button>
                    } @else {
                      <button
                        type="button"
                        class="secondary"
                        data-testid="hold-release"
                        [attr.aria-label]="
                          i18n.t('compliance.holds.releaseOne', { target: subject(h) })
                        "
                        (click)="confirming.set(h.id)"
                      >
                        {{ i18n.t('compliance.holds.release') }}
                      </button>
                    }
                  </div>
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @else if (loaded()) {
        <p class="muted" data-testid="holds-empty">{{ i18n.t('compliance.holds.none') }}</p>
      }
      <form (submit)="create($event)" data-testid="hold-form">
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('compliance.holds.target') }}</span>
            <select data-testid="hold-target" (change)="set({ target: $any($event.target).value })">
              <option value="user" [selected]="form().target === 'user'">
                {{ i18n.t('compliance.holds.person') }}
              </option>
              <option value="conversation" [selected]="form().target === 'conversation'">
                {{ i18n.t('compliance.retention.oneConversationOption') }}
              </option>
            </select>
          </label>
          @if (form().target === 'user') {
            <div class="field">
              <td-person-picker
                label="compliance.holds.person"
                testId="hold-person"
                [single]="true"
                [invalid]="invalid('userId')"
                [selected]="form().userId ? [form().userId!] : []"
                (selectedChange)="set({ userId: $event[0] ?? null })"
              />
            </div>
          } @else {
            <label class="field">
              <span>{{ i18n.t('compliance.retention.conversationId') }}</span>
              <input
                type="text"
                spellcheck="false"
                data-testid="hold-conversation"
                [attr.aria-invalid]="invalid('conversationId') ? 'true' : null"
                [value]="form().conversationId"
                (input)="set({ conversationId: $any($event.target).value })"
              />
            </label>
          }
          <label class="field">
            <span>{{ i18n.t('compliance.holds.reason') }}</span>
            <input
              type="text"
              data-testid="hold-reason"
              [attr.aria-invalid]="invalid('reason') ? 'true' : null"
              [value]="form().reason"
              (input)="set({ reason: $any($event.target).value })"
            />
          </label>
          <button type="submit" class="primary" data-testid="hold-create" [disabled]="busy()">
            {{ i18n.t('compliance.holds.add') }}
          </button>
        </div>
        @if (problems().length > 0) {
          <ul class="error" role="alert" data-testid="hold-problems">
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
export class HoldsPanel {
  protected readonly i18n = inject(I18n);
  protected readonly names = inject(PeopleNames);
  private readonly api = inject(ComplianceApi);

  protected readonly holds = signal<LegalHold[]>([]);
  protected readonly loaded = signal(false);
  protected readonly form = signal<HoldForm>(EMPTY);
  protected readonly problems = signal<FormProblem<HoldForm>[]>([]);
  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  constructor() {
    void this.load();
  }

  protected subject(hold: LegalHold): string {
    const { kind, id } = holdSubject(hold.target);
    return kind === 'user'
      ? this.i18n.t('compliance.holds.onPerson', { name: this.names.nameOf(id) })
      : this.i18n.t('compliance.retention.oneConversation', { id });
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected invalid(field: keyof HoldForm): boolean {
    return this.problems().some((p) => p.field === field);
  }

  protected set(change: Partial<HoldForm>): void {
    this.form.update((form) => ({ ...form, ...change }));
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    const checked = holdBody(this.form());
    if (!checked.ok) {
      this.problems.set(checked.problems);
      return;
    }
    this.problems.set([]);
    this.busy.set(true);
    try {
      await this.api.createHold(checked.body);
      this.form.set(EMPTY);
      await this.load();
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.busy.set(false);
    }
  }

  protected async release(hold: LegalHold): Promise<void> {
    this.confirming.set(null);
    try {
      await this.api.deleteHold(hold.id);
      await this.load();
    } catch (error) {
      this.error.set(problemText(error));
    }
  }

  private async load(): Promise<void> {
    try {
      const holds = await this.api.holds();
      this.holds.set(holds);
      this.names.want(
        holds.flatMap((h) => {
          const { kind, id } = holdSubject(h.target);
          return kind === 'user' ? [id, h.createdBy] : [h.createdBy];
        }),
      );
      this.error.set(null);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.loaded.set(true);
    }
  }
}
