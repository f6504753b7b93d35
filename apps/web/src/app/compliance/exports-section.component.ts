import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { SECTION_STYLES } from '../admin/admin-styles';
import { problemText } from '../admin/integrations/problem-text';
import { I18n } from '../i18n/i18n.service';
import type { TranslationKey } from '../i18n/translations';
import { EMPTY_FILTER_FORM, filtersOf, type FilterForm, type FilterProblem } from './audit-filters';
import { ComplianceApi, type ExportFormat, type ExportJob } from './compliance-api';
import { archiveName, isActive, mergeJobs, nextPollIn, progressOf, sizeText } from './export-jobs';
import { FilterFields } from './filter-fields.component';

const FORMATS: ExportFormat[] = ['csv', 'jsonl', 'eml'];

/**
 * Export jobs: ask for an export (format and filters), watch it run — the list is asked
 * again every second while a job is queued or running — and download the finished archive
 * (a .tar.gz with a signed manifest.json; `tidings audit verify-export` checks it offline).
 */
@Component({
  selector: 'td-compliance-exports',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FilterFields],
  styles: [
    SECTION_STYLES,
    `
      .field.format {
        flex: 0 1 12rem;
      }
      progress {
        width: 8rem;
        vertical-align: middle;
      }
      .tag.running,
      .tag.queued {
        background: #fef3c7;
        color: #78350f;
      }
      .tag.done {
        background: #dcfce7;
        color: #14532d;
      }
      .sha {
        overflow-wrap: anywhere;
        font-size: 0.8rem;
      }
    `,
  ],
  template: `
    <h2>{{ i18n.t('compliance.section.exports') }}</h2>
    <form class="panel" data-testid="export-form" (submit)="create($event)">
      <h3>{{ i18n.t('compliance.exports.new') }}</h3>
      <div class="row">
        <label class="field format">
          <span>{{ i18n.t('compliance.exports.format') }}</span>
          <select data-testid="export-format" (change)="format.set($any($event.target).value)">
            @for (f of formats; track f) {
              <option [value]="f" [selected]="format() === f">{{ i18n.t(formatKey(f)) }}</option>
            }
          </select>
        </label>
      </div>
      <td-filter-fields
        prefix="export"
        [withText]="false"
        [(form)]="form"
        [problems]="problems()"
      />
      <div class="actions">
        <button type="submit" class="primary" data-testid="export-create" [disabled]="creating()">
          {{ i18n.t('compliance.exports.create') }}
        </button>
      </div>
    </form>
    @if (notice(); as text) {
      <p class="ok" role="status">{{ text }}</p>
    }
    @if (error(); as reason) {
      <p class="error" role="alert">{{ reason }}</p>
    }
    <h3>{{ i18n.t('compliance.exports.jobs') }}</h3>
    @if (loaded() && jobs().length === 0) {
      <p class="muted" data-testid="exports-empty">{{ i18n.t('compliance.exports.none') }}</p>
    } @else if (jobs().length > 0) {
      <table data-testid="exports-table">
        <caption class="visually-hidden">
          {{
            i18n.t('compliance.exports.jobs')
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('compliance.exports.created') }}</th>
            <th scope="col">{{ i18n.t('compliance.exports.format') }}</th>
            <th scope="col">{{ i18n.t('compliance.exports.status') }}</th>
            <th scope="col">{{ i18n.t('compliance.exports.progress') }}</th>
            <th scope="col">{{ i18n.t('compliance.exports.archive') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (job of jobs(); track job.id) {
            <tr data-testid="export-row" [attr.data-id]="job.id" [attr.data-status]="job.status">
              <td>{{ when(job.createdAt) }}</td>
              <td>{{ i18n.t(formatKey(job.format)) }}</td>
              <td>
                <span [class]="'tag ' + job.status" data-testid="export-status">{{
                  i18n.t(statusKey(job.status))
                }}</span>
                @if (job.error) {
                  <p class="error">{{ job.error }}</p>
                }
              </td>
              <td data-testid="export-progress">
                @let p = progress(job);
                @if (p.percent === null) {
                  <progress [attr.aria-label]="i18n.t('compliance.exports.progress')"></progress>
                } @else {
                  <progress
                    max="100"
                    [value]="p.percent"
                    [attr.aria-label]="i18n.t('compliance.exports.progress')"
                  ></progress>
                }
                {{
                  p.total === null
                    ? i18n.t('compliance.exports.records', { records: p.records })
                    : i18n.t('compliance.exports.recordsOf', { records: p.records, total: p.total })
                }}
              </td>
              <td>
                @if (job.status === 'done' && job.archive) {
                  <button
                    type="button"
                    class="secondary"
                    data-testid="export-download"
                    [disabled]="downloading() === job.id"
                    (click)="download(job)"
                  >
                    {{ i18n.t('compliance.exports.download', { size: size(job.archive.bytes) }) }}
                  </button>
                  <div class="sha muted">SHA-256 {{ job.archive.sha256 }}</div>
                } @else {
                  —
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
})
export class ExportsSection {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(ComplianceApi);

  protected readonly formats = FORMATS;
  protected readonly format = signal<ExportFormat>('csv');
  protected readonly form = signal<FilterForm>(EMPTY_FILTER_FORM);
  protected readonly problems = signal<FilterProblem[]>([]);
  protected readonly jobs = signal<ExportJob[]>([]);
  protected readonly loaded = signal(false);
  protected readonly creating = signal(false);
  protected readonly downloading = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  protected readonly progress = progressOf;
  protected readonly size = sizeText;

  constructor() {
    void this.load();
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      clearTimeout(this.timer);
    });
  }

  protected formatKey(format: ExportFormat): TranslationKey {
    return `compliance.format.${format}`;
  }

  protected statusKey(status: ExportJob['status']): TranslationKey {
    return `compliance.exports.status.${status}`;
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    const checked = filtersOf(this.form(), false);
    if (!checked.ok) {
      this.problems.set(checked.problems);
      return;
    }
    this.problems.set([]);
    this.creating.set(true);
    this.notice.set(null);
    try {
      const job = await this.api.createExport(this.format(), checked.filters);
      this.jobs.update((jobs) => mergeJobs(jobs, [job]));
      this.notice.set(this.i18n.t('compliance.exports.started'));
      this.error.set(null);
      this.schedule();
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.creating.set(false);
    }
  }

  /** Saves the archive: fetched with the token, handed to the browser as a blob download. */
  protected async download(job: ExportJob): Promise<void> {
    this.downloading.set(job.id);
    try {
      const blob = await this.api.archive(job.id);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = archiveName(job);
      link.click();
      // The click has handed the blob to the download; the URL is not needed after it.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.downloading.set(null);
    }
  }

  private async load(): Promise<void> {
    try {
      const listed = await this.api.exports();
      this.jobs.set(mergeJobs([], listed));
      this.error.set(null);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.loaded.set(true);
      this.schedule();
    }
  }

  /** While a job is queued or running, ask about the active ones again in a moment. */
  private schedule(): void {
    clearTimeout(this.timer);
    const wait = nextPollIn(this.jobs());
    if (wait === null || this.destroyed) return;
    this.timer = setTimeout(() => void this.poll(), wait);
  }

  private async poll(): Promise<void> {
    try {
      const active = this.jobs().filter(isActive);
      const fresh = await Promise.all(active.map((job) => this.api.exportJob(job.id)));
      this.jobs.update((jobs) => mergeJobs(jobs, fresh));
      this.error.set(null);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.schedule();
    }
  }
}
