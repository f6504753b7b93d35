import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { SECTION_STYLES } from '../admin/admin-styles';
import { problemText } from '../admin/integrations/problem-text';
import { I18n } from '../i18n/i18n.service';
import { EMPTY_FILTER_FORM, filtersOf, type FilterForm, type FilterProblem } from './audit-filters';
import { ComplianceApi, type AuditFilters, type AuditRecord } from './compliance-api';
import { FilterFields } from './filter-fields.component';
import { back, FIRST_PAGE, forward, loaded, type Pager } from './pager';
import { PeopleNames } from './people-names';
import { RecordDetail } from './record-detail.component';
import { peopleOf, shortHash, summaryOf } from './record-view';

const PAGE_SIZE = 50;

/**
 * Audit search: who did what, when — filtered by time, people, conversations, event types and
 * words, a page of records at a time in chain order; a record opens to show everything it
 * holds, its hash and the hash it chains to. Every search is itself recorded by the server.
 */
@Component({
  selector: 'td-audit-search',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FilterFields, RecordDetail],
  styles: [
    SECTION_STYLES,
    `
      tr.open {
        background: #f5f8ff;
      }
      .summary {
        max-width: 28rem;
        overflow-wrap: anywhere;
      }
      .field.order {
        flex: 0 1 14rem;
      }
      .pages {
        display: flex;
        gap: 0.6rem;
        align-items: center;
      }
    `,
  ],
  template: `
    <h2>{{ i18n.t('compliance.section.search') }}</h2>
    <form class="panel" data-testid="audit-search-form" (submit)="search($event)">
      <td-filter-fields prefix="audit" [(form)]="form" [problems]="problems()" />
      <div class="row">
        <label class="field order">
          <span>{{ i18n.t('compliance.search.order') }}</span>
          <select data-testid="audit-order" (change)="order.set($any($event.target).value)">
            <option value="asc" [selected]="order() === 'asc'">
              {{ i18n.t('compliance.search.oldest') }}
            </option>
            <option value="desc" [selected]="order() === 'desc'">
              {{ i18n.t('compliance.search.newest') }}
            </option>
          </select>
        </label>
      </div>
      <div class="actions">
        <button type="submit" class="primary" data-testid="audit-search" [disabled]="busy()">
          {{ i18n.t('compliance.search.run') }}
        </button>
        <button type="button" class="secondary" (click)="clear()">
          {{ i18n.t('compliance.search.clear') }}
        </button>
      </div>
    </form>
    @if (error(); as reason) {
      <p class="error" role="alert">{{ reason }}</p>
    }
    @if (busy()) {
      <p class="muted" role="status">{{ i18n.t('app.loading') }}</p>
    }
    @if (searched() && !busy() && items().length === 0) {
      <p class="muted" data-testid="audit-empty">{{ i18n.t('compliance.search.none') }}</p>
    } @else if (items().length > 0) {
      <table data-testid="audit-table">
        <caption class="visually-hidden">
          {{
            i18n.t('compliance.section.search')
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('compliance.col.seq') }}</th>
            <th scope="col">{{ i18n.t('compliance.col.when') }}</th>
            <th scope="col">{{ i18n.t('compliance.col.type') }}</th>
            <th scope="col">{{ i18n.t('compliance.col.people') }}</th>
            <th scope="col">{{ i18n.t('compliance.col.summary') }}</th>
            <th scope="col">{{ i18n.t('compliance.col.hash') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (r of items(); track r.seq) {
            <tr data-testid="audit-row" [attr.data-seq]="r.seq" [class.open]="openSeq() === r.seq">
              <td>
                <button
                  type="button"
                  class="secondary"
                  data-testid="audit-open"
                  [attr.aria-expanded]="openSeq() === r.seq"
                  [attr.aria-label]="i18n.t('compliance.search.open', { seq: r.seq })"
                  (click)="toggle(r)"
                >
                  {{ r.seq }}
                </button>
              </td>
              <td>{{ when(r.occurredAt) }}</td>
              <td>
                <code data-testid="audit-type">{{ r.type }}</code>
              </td>
              <td>{{ people(r) }}</td>
              <td class="summary" data-testid="audit-summary">{{ summary(r) }}</td>
              <td>
                <code>{{ short(r.hash) }}</code>
              </td>
            </tr>
            @if (openSeq() === r.seq) {
              <tr>
                <td colspan="6">
                  <td-record-detail [record]="r" />
                </td>
              </tr>
            }
          }
        </tbody>
      </table>
      <div class="pages">
        <button
          type="button"
          class="secondary"
          data-testid="audit-previous"
          [disabled]="pager().index === 0 || busy()"
          (click)="previous()"
        >
          {{ i18n.t('compliance.search.previous') }}
        </button>
        <span data-testid="audit-page">{{
          i18n.t('compliance.search.page', { page: pager().index + 1 })
        }}</span>
        <button
          type="button"
          class="secondary"
          data-testid="audit-next"
          [disabled]="!pager().next || busy()"
          (click)="next()"
        >
          {{ i18n.t('compliance.search.next') }}
        </button>
      </div>
    }
  `,
})
export class AuditSearch {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(ComplianceApi);
  private readonly names = inject(PeopleNames);

  protected readonly form = signal<FilterForm>(EMPTY_FILTER_FORM);
  protected readonly order = signal<'asc' | 'desc'>('asc');
  protected readonly problems = signal<FilterProblem[]>([]);
  protected readonly items = signal<AuditRecord[]>([]);
  protected readonly pager = signal<Pager>(FIRST_PAGE);
  protected readonly openSeq = signal<number | null>(null);
  protected readonly busy = signal(false);
  protected readonly searched = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The filters of the search on screen: paging keeps them even if the form changes. */
  private filters: AuditFilters = {};
  private shownOrder: 'asc' | 'desc' = 'asc';

  protected readonly short = shortHash;
  protected readonly summary = summaryOf;

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected people(record: AuditRecord): string {
    return peopleOf(record)
      .map((id) => this.names.nameOf(id))
      .join(', ');
  }

  protected search(event: Event): void {
    event.preventDefault();
    const checked = filtersOf(this.form());
    if (!checked.ok) {
      this.problems.set(checked.problems);
      return;
    }
    this.problems.set([]);
    this.filters = checked.filters;
    this.shownOrder = this.order();
    this.pager.set(FIRST_PAGE);
    void this.load(null);
  }

  protected clear(): void {
    this.form.set(EMPTY_FILTER_FORM);
    this.problems.set([]);
  }

  protected next(): void {
    const moved = forward(this.pager());
    if (!moved) return;
    this.pager.set(moved.pager);
    void this.load(moved.cursor);
  }

  protected previous(): void {
    const moved = back(this.pager());
    if (!moved) return;
    this.pager.set(moved.pager);
    void this.load(moved.cursor);
  }

  protected toggle(record: AuditRecord): void {
    this.openSeq.set(this.openSeq() === record.seq ? null : record.seq);
  }

  private async load(cursor: string | null): Promise<void> {
    this.busy.set(true);
    this.openSeq.set(null);
    try {
      const page = await this.api.records(this.filters, cursor, this.shownOrder, PAGE_SIZE);
      this.items.set(page.items);
      this.pager.update((pager) => loaded(pager, page.nextCursor ?? null));
      this.names.want(page.items.flatMap(peopleOf));
      this.error.set(null);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.busy.set(false);
      this.searched.set(true);
    }
  }
}
