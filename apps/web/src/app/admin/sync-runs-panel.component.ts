import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { reasonOf } from '../api/api-client';
import { I18n } from '../i18n/i18n.service';
import type { TranslationKey } from '../i18n/translations';
import { AdminApi, type SyncRun } from './admin-api';
import { SECTION_STYLES } from './admin-styles';
import { isKnownCount, orderedCounts, statusKey } from './sync-report';

/** The directory sync's run reports: the list, and one run's details on demand. */
@Component({
  selector: 'td-admin-sync-runs',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      .summary {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1rem;
        margin: 0 0 0.75rem;
        padding: 0;
        list-style: none;
      }
      details {
        margin-top: 0.5rem;
      }
    `,
  ],
  template: `
    <section class="panel" aria-labelledby="sync-runs">
      <h3 id="sync-runs">{{ i18n.t('admin.sync.runs.heading') }}</h3>
      @if (runs().length === 0) {
        <p class="muted" data-testid="sync-runs-empty">{{ i18n.t('admin.sync.runs.none') }}</p>
      } @else {
        <table data-testid="sync-runs">
          <caption class="visually-hidden">
            {{
              i18n.t('admin.sync.runs.heading')
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('admin.sync.runs.started') }}</th>
              <th scope="col">{{ i18n.t('admin.sync.runs.kind') }}</th>
              <th scope="col">{{ i18n.t('admin.sync.runs.status') }}</th>
              <th scope="col">{{ i18n.t('admin.sync.runs.summary') }}</th>
              <th scope="col">
                <span class="visually-hidden">{{ i18n.t('admin.users.col.actions') }}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            @for (run of runs(); track run.id) {
              <tr
                data-testid="sync-run"
                [attr.data-status]="run.status"
                [attr.data-dry-run]="run.dryRun"
              >
                <td>{{ when(run.startedAt) }}</td>
                <td>
                  {{ i18n.t(triggerKey(run.trigger)) }} · {{ i18n.t(modeKey(run.mode)) }}
                  @if (run.dryRun) {
                    · {{ i18n.t('admin.sync.runs.dry') }}
                  }
                </td>
                <td>
                  <span class="tag" [class]="'tag ' + run.status">{{
                    statusText(run.status)
                  }}</span>
                </td>
                <td>{{ shortSummary(run) }}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    data-testid="sync-run-details"
                    [attr.aria-expanded]="shown()?.id === run.id"
                    (click)="details(run)"
                  >
                    {{ i18n.t('admin.sync.runs.details') }}
                  </button>
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
      @if (shown(); as run) {
        <div
          class="panel"
          data-testid="sync-run-report"
          role="region"
          [attr.aria-label]="i18n.t('admin.sync.report.heading')"
        >
          <h3>{{ i18n.t('admin.sync.report.heading') }}</h3>
          <p>
            {{ statusText(run.status) }} · {{ when(run.startedAt) }}
            @if (run.finishedAt) {
              → {{ when(run.finishedAt) }}
            }
          </p>
          @if (run.reason) {
            <p class="error">{{ run.reason }}</p>
          }
          <ul class="summary">
            @for (entry of countsOf(run); track entry[0]) {
              <li [attr.data-count]="entry[0]">
                {{ countLabel(entry[0]) }}: <strong>{{ entry[1] }}</strong>
              </li>
            }
          </ul>
          @if (run.errors.length > 0) {
            <details open>
              <summary>
                {{ i18n.t('admin.sync.report.errors', { count: run.errors.length }) }}
              </summary>
              <ul>
                @for (failure of run.errors; track $index) {
                  <li>
                    <code>{{ failure.dn }}</code>: {{ failure.message }}
                  </li>
                }
              </ul>
            </details>
          }
        </div>
      }
    </section>
  `,
})
export class SyncRunsPanel {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(AdminApi);
  protected readonly runs = signal<SyncRun[]>([]);
  protected readonly shown = signal<SyncRun | null>(null);
  /** A failure to load, for the section's error line. */
  readonly failed = output<string>();

  constructor() {
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      this.runs.set(await this.api.runs());
    } catch (error) {
      this.failed.emit(reasonOf(error));
    }
  }

  protected async details(run: SyncRun): Promise<void> {
    if (this.shown()?.id === run.id) return this.shown.set(null);
    try {
      this.shown.set(await this.api.run(run.id));
    } catch (error) {
      this.failed.emit(reasonOf(error));
    }
  }

  protected triggerKey(trigger: SyncRun['trigger']): TranslationKey {
    return `admin.sync.trigger.${trigger}`;
  }

  protected modeKey(mode: SyncRun['mode']): TranslationKey {
    return `admin.sync.mode.${mode}`;
  }

  /** A run's time in the reader's language (Angular's DatePipe would follow LOCALE_ID). */
  protected when(epochMs: number): string {
    return new Intl.DateTimeFormat(this.i18n.language(), {
      dateStyle: 'medium',
      timeStyle: 'medium',
    }).format(epochMs);
  }

  protected statusText(status: SyncRun['status']): string {
    return this.i18n.t(statusKey(status));
  }

  protected countsOf(run: SyncRun): Array<[string, number]> {
    return orderedCounts(run.counts);
  }

  protected countLabel(key: string): string {
    return isKnownCount(key) ? this.i18n.t(`admin.sync.count.${key}`) : key;
  }

  /** The counts that changed something, for the runs table ("3 added, 1 deactivated"). */
  protected shortSummary(run: SyncRun): string {
    const parts = orderedCounts(run.counts)
      .filter(([key, value]) => value > 0 && key !== 'unchanged' && !key.startsWith('groups'))
      .map(([key, value]) => `${this.countLabel(key)} ${value}`);
    return parts.length > 0 ? parts.join(', ') : this.i18n.t('admin.sync.runs.noChanges');
  }
}
