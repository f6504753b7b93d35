import { ChangeDetectionStrategy, Component, computed, inject, input, model } from '@angular/core';
import { SECTION_STYLES } from '../admin/admin-styles';
import { I18n } from '../i18n/i18n.service';
import { problemFor, type FilterForm, type FilterProblem } from './audit-filters';
import { PersonPicker } from './person-picker.component';

/**
 * The audit filters — time range, people, conversations, event types and (for search) words
 * — shared by search and exports so both filter alike. Each problem shows beside its field.
 */
@Component({
  selector: 'td-filter-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PersonPicker],
  styles: [
    SECTION_STYLES,
    `
      :host {
        display: block;
        margin-top: 0.6rem;
      }
      /* The people picker grows downwards (its chosen people): line the fields up on top. */
      .row.top {
        align-items: start;
      }
    `,
  ],
  template: `
    <div class="row">
      <label class="field">
        <span>{{ i18n.t('compliance.filter.from') }}</span>
        <input
          type="datetime-local"
          [attr.data-testid]="prefix() + '-from'"
          [attr.aria-invalid]="problem('from') ? 'true' : null"
          [value]="form().from"
          (input)="set('from', $any($event.target).value)"
        />
      </label>
      <label class="field">
        <span>{{ i18n.t('compliance.filter.to') }}</span>
        <input
          type="datetime-local"
          [attr.data-testid]="prefix() + '-to'"
          [attr.aria-invalid]="problem('to') ? 'true' : null"
          [value]="form().to"
          (input)="set('to', $any($event.target).value)"
        />
      </label>
      @if (withText()) {
        <label class="field">
          <span>{{ i18n.t('compliance.filter.text') }}</span>
          <input
            type="search"
            [attr.data-testid]="prefix() + '-q'"
            [value]="form().q"
            (input)="set('q', $any($event.target).value)"
          />
        </label>
      }
    </div>
    <div class="row top">
      <div class="field">
        <td-person-picker
          label="compliance.filter.users"
          [testId]="prefix() + '-users'"
          [selected]="users()"
          (selectedChange)="setUsers($event)"
        />
      </div>
      <label class="field">
        <span>{{ i18n.t('compliance.filter.conversations') }}</span>
        <input
          type="text"
          spellcheck="false"
          [attr.data-testid]="prefix() + '-conversations'"
          [placeholder]="i18n.t('compliance.filter.idsHint')"
          [value]="form().conversations"
          (input)="set('conversations', $any($event.target).value)"
        />
      </label>
      <label class="field">
        <span>{{ i18n.t('compliance.filter.types') }}</span>
        <input
          type="text"
          spellcheck="false"
          [attr.data-testid]="prefix() + '-types'"
          [attr.aria-invalid]="problem('types') ? 'true' : null"
          [placeholder]="i18n.t('compliance.filter.typesHint')"
          [value]="form().types"
          (input)="set('types', $any($event.target).value)"
        />
      </label>
    </div>
    @if (problems().length > 0) {
      <ul class="error" role="alert" [attr.data-testid]="prefix() + '-problems'">
        @for (p of problems(); track p.field) {
          <li>{{ i18n.t(p.message) }}</li>
        }
      </ul>
    }
  `,
})
export class FilterFields {
  protected readonly i18n = inject(I18n);
  readonly form = model.required<FilterForm>();
  readonly problems = input<readonly FilterProblem[]>([]);
  /** Search has a text filter; exports do not. */
  readonly withText = input(true);
  /** `data-testid` prefix, so search and export forms are told apart. */
  readonly prefix = input.required<string>();

  protected readonly users = computed(() => [...this.form().users]);

  protected problem(field: keyof FilterForm) {
    return problemFor(this.problems(), field);
  }

  protected set(field: 'from' | 'to' | 'q' | 'conversations' | 'types', value: string): void {
    this.form.update((form) => ({ ...form, [field]: value }));
  }

  protected setUsers(users: string[]): void {
    this.form.update((form) => ({ ...form, users }));
  }
}
