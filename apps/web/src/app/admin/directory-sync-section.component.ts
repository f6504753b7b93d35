import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { ApiError, reasonOf } from '../api/api-client';
import { I18n } from '../i18n/i18n.service';
import type { TranslationKey } from '../i18n/translations';
import { AdminApi, type ConnectionTest, type LdapSettings, type SyncRun } from './admin-api';
import { SECTION_STYLES } from './admin-styles';
import { formOf, patchOf, PRESETS, type LdapSettingsForm } from './ldap-settings-form';
import { diffCounts, diffRows, statusKey, type ChangeKind, type DiffRow } from './sync-report';
import { SyncRunsPanel } from './sync-runs-panel.component';

type TextField = Exclude<keyof LdapSettingsForm, 'preset'>;

/**
 * Directory sync: the LDAP settings (view and edit), a connection test, a dry run showing the
 * diff, "sync now" — and below them the run reports (SyncRunsPanel).
 */
@Component({
  selector: 'td-admin-directory-sync',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SyncRunsPanel],
  styles: [
    SECTION_STYLES,
    `
      .kind {
        font-weight: 600;
      }
      .kind.create {
        color: #166534;
      }
      .kind.deactivate {
        color: #b91c1c;
      }
      .summary {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1rem;
        margin: 0 0 0.75rem;
        padding: 0;
        list-style: none;
      }
      .source {
        font-size: 0.8rem;
        color: #4b5563;
      }
    `,
  ],
  template: `
    <h2>{{ i18n.t('admin.section.sync') }}</h2>

    <section class="panel" aria-labelledby="ldap-settings" data-testid="ldap-settings">
      <h3 id="ldap-settings">{{ i18n.t('admin.sync.settings.heading') }}</h3>
      @if (settings(); as current) {
        @if (!current.configured) {
          <p class="hint" data-testid="ldap-not-configured">
            {{ i18n.t('admin.sync.settings.notConfigured') }}
          </p>
        } @else if (!current.complete) {
          <p class="error">
            {{ i18n.t('admin.sync.settings.missing', { fields: current.missing.join(', ') }) }}
          </p>
        }
        <form (submit)="$event.preventDefault(); save()" novalidate>
          <div class="row">
            @for (field of connectionFields; track field.key) {
              <label class="field">
                <span
                  >{{ i18n.t(field.label) }}
                  <span class="source">{{ sourceLabel(field.key) }}</span></span
                >
                <input
                  [name]="field.key"
                  [type]="field.key === 'bindPassword' ? 'password' : 'text'"
                  [attr.data-testid]="'ldap-' + field.key"
                  [attr.autocomplete]="field.key === 'bindPassword' ? 'new-password' : 'off'"
                  [attr.placeholder]="
                    field.key === 'bindPassword' && current.bindPasswordSet
                      ? i18n.t('admin.sync.settings.passwordKept')
                      : null
                  "
                  [value]="form()[field.key]"
                  (input)="set(field.key, $event)"
                />
              </label>
            }
            <label class="field">
              <span
                >{{ i18n.t('admin.sync.settings.preset') }}
                <span class="source">{{ sourceLabel('preset') }}</span></span
              >
              <select name="preset" data-testid="ldap-preset" (change)="setPreset($event)">
                @for (preset of presets; track preset) {
                  <option [value]="preset" [selected]="preset === form().preset">
                    {{ preset }}
                  </option>
                }
              </select>
            </label>
          </div>
          @if (formProblem(); as problem) {
            <p class="error" role="alert">{{ i18n.t(problem) }}</p>
          }
          @if (settingsNotice(); as notice) {
            <p class="ok" role="status" data-testid="ldap-saved">{{ notice }}</p>
          }
          <div class="actions">
            <button
              type="submit"
              class="primary"
              data-testid="ldap-save"
              [disabled]="working() !== null"
            >
              {{ i18n.t('admin.sync.settings.save') }}
            </button>
            <button
              type="button"
              class="secondary"
              data-testid="ldap-test"
              [disabled]="working() !== null"
              (click)="testConnection()"
            >
              {{ i18n.t('admin.sync.test.button') }}
            </button>
          </div>
        </form>
        @if (working() === 'test') {
          <p role="status">{{ i18n.t('admin.sync.test.running') }}</p>
        }
        @if (test(); as result) {
          <div class="ok" role="status" data-testid="ldap-test-result">
            <p>
              {{
                i18n.t('admin.sync.test.ok', {
                  users: result.usersSample,
                  groups: result.groupsSample,
                  ms: result.elapsedMs,
                })
              }}
            </p>
            @for (warning of result.warnings; track warning) {
              <p class="error">{{ warning }}</p>
            }
          </div>
        }
        @if (testError(); as failure) {
          <div class="error" role="alert" data-testid="ldap-test-error">
            <p>
              <strong>{{ i18n.t(failure.title) }}</strong>
            </p>
            <p>{{ failure.detail }}</p>
          </div>
        }
      } @else if (!settingsError()) {
        <p class="muted" role="status">{{ i18n.t('app.loading') }}</p>
      }
      @if (settingsError(); as reason) {
        <p class="error" role="alert">{{ i18n.t('error.generic', { reason }) }}</p>
      }
    </section>

    <section class="panel" aria-labelledby="sync-actions">
      <h3 id="sync-actions">{{ i18n.t('admin.sync.run.heading') }}</h3>
      <p class="hint">{{ i18n.t('admin.sync.run.hint') }}</p>
      <div class="actions">
        <button
          type="button"
          class="secondary"
          data-testid="sync-dry-run"
          [disabled]="working() !== null"
          (click)="sync(true)"
        >
          {{ i18n.t('admin.sync.dryRun') }}
        </button>
        <button
          type="button"
          class="primary"
          data-testid="sync-now"
          [disabled]="working() !== null"
          (click)="sync(false)"
        >
          {{ i18n.t('admin.sync.now') }}
        </button>
        <label>
          <input
            type="checkbox"
            data-testid="sync-confirm"
            [checked]="confirm()"
            (change)="confirm.set(!confirm())"
          />
          {{ i18n.t('admin.sync.confirmMass') }}
        </label>
      </div>
      @if (working() === 'dry' || working() === 'sync') {
        <p role="status">{{ i18n.t('admin.sync.running') }}</p>
      }
      @if (syncError(); as reason) {
        <p class="error" role="alert" data-testid="sync-error">{{ reason }}</p>
      }
      @if (lastRun(); as run) {
        <p role="status" data-testid="sync-result" [attr.data-status]="run.status">
          {{
            i18n.t(run.dryRun ? 'admin.sync.dryRunDone' : 'admin.sync.done', {
              status: i18n.t(statusKey(run.status)),
            })
          }}
          @if (run.reason) {
            — {{ run.reason }}
          }
        </p>
      }
      @if (diff(); as rows) {
        <h3>{{ i18n.t('admin.sync.diff.heading') }}</h3>
        <ul class="summary" data-testid="diff-summary">
          @for (entry of diffSummary(); track entry[0]) {
            <li [attr.data-kind]="entry[0]">
              {{ i18n.t(kindKey(entry[0])) }}: <strong>{{ entry[1] }}</strong>
            </li>
          }
        </ul>
        @if (rows.length === 0) {
          <p class="muted" data-testid="diff-empty">{{ i18n.t('admin.sync.diff.none') }}</p>
        } @else {
          <table data-testid="sync-diff">
            <caption class="visually-hidden">
              {{
                i18n.t('admin.sync.diff.heading')
              }}
            </caption>
            <thead>
              <tr>
                <th scope="col">{{ i18n.t('admin.sync.diff.change') }}</th>
                <th scope="col">{{ i18n.t('admin.users.col.username') }}</th>
                <th scope="col">{{ i18n.t('admin.users.col.name') }}</th>
                <th scope="col">{{ i18n.t('admin.sync.diff.details') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (row of rows; track row.kind + row.username) {
                <tr data-testid="diff-row" [attr.data-kind]="row.kind">
                  <td>
                    <span class="kind" [class]="'kind ' + row.kind">{{
                      i18n.t(kindKey(row.kind))
                    }}</span>
                  </td>
                  <td>{{ row.username }}</td>
                  <td>{{ row.displayName ?? '' }}</td>
                  <td>{{ detailOf(row) }}</td>
                </tr>
              }
            </tbody>
          </table>
        }
      }
    </section>

    <td-admin-sync-runs (failed)="syncError.set($event)" />
  `,
})
export class DirectorySyncSection {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(AdminApi);

  protected readonly presets = PRESETS;
  protected readonly connectionFields: Array<{ key: TextField; label: TranslationKey }> = [
    { key: 'url', label: 'admin.sync.settings.url' },
    { key: 'bindDn', label: 'admin.sync.settings.bindDn' },
    { key: 'bindPassword', label: 'admin.sync.settings.bindPassword' },
    { key: 'baseDn', label: 'admin.sync.settings.baseDn' },
    { key: 'userFilter', label: 'admin.sync.settings.userFilter' },
    { key: 'groupFilter', label: 'admin.sync.settings.groupFilter' },
    { key: 'syncIntervalMinutes', label: 'admin.sync.settings.interval' },
  ];

  protected readonly settings = signal<LdapSettings | null>(null);
  protected readonly settingsError = signal<string | null>(null);
  protected readonly settingsNotice = signal<string | null>(null);
  protected readonly form = signal<LdapSettingsForm>({
    url: '',
    bindDn: '',
    bindPassword: '',
    baseDn: '',
    preset: 'openldap',
    userFilter: '',
    groupFilter: '',
    syncIntervalMinutes: '',
  });
  protected readonly formProblem = signal<TranslationKey | null>(null);
  /** What is in flight; every button waits for it (one LDAP conversation at a time). */
  protected readonly working = signal<'save' | 'test' | 'dry' | 'sync' | null>(null);
  protected readonly test = signal<ConnectionTest | null>(null);
  protected readonly testError = signal<{ title: TranslationKey; detail: string } | null>(null);
  protected readonly confirm = signal(false);
  protected readonly syncError = signal<string | null>(null);
  protected readonly lastRun = signal<SyncRun | null>(null);
  protected readonly diff = signal<DiffRow[] | null>(null);
  private readonly diffKinds = signal<Array<[ChangeKind, number]>>([]);
  protected readonly diffSummary = computed(() => this.diffKinds());
  private readonly runsPanel = viewChild.required(SyncRunsPanel);
  protected readonly statusKey = statusKey;

  constructor() {
    void this.loadSettings();
  }

  protected set(key: TextField, event: Event): void {
    this.form.set({ ...this.form(), [key]: (event.target as HTMLInputElement).value });
  }

  protected setPreset(event: Event): void {
    this.form.set({ ...this.form(), preset: (event.target as HTMLSelectElement).value });
  }

  /** "(environment)", "(saved here)" or "(default)": where the value in force came from. */
  protected sourceLabel(key: string): string {
    const source = this.settings()?.sources[key];
    if (typeof source !== 'string') return '';
    const keys: Record<string, TranslationKey> = {
      env: 'admin.sync.source.env',
      api: 'admin.sync.source.api',
      default: 'admin.sync.source.default',
    };
    const label = keys[source];
    return label ? `(${this.i18n.t(label)})` : '';
  }

  protected async save(): Promise<void> {
    const current = this.settings();
    if (!current) return;
    const { patch, problem } = patchOf(current, this.form());
    this.formProblem.set(problem);
    this.settingsNotice.set(null);
    if (problem) return;
    if (Object.keys(patch).length === 0) {
      this.settingsNotice.set(this.i18n.t('admin.sync.settings.unchanged'));
      return;
    }
    this.working.set('save');
    try {
      this.accept(await this.api.saveLdapSettings(patch));
      this.settingsNotice.set(this.i18n.t('admin.sync.settings.saved'));
      this.settingsError.set(null);
    } catch (error) {
      this.settingsError.set(this.problemText(error));
    } finally {
      this.working.set(null);
    }
  }

  /** Tests what the form shows — saved or not — without storing it. */
  protected async testConnection(): Promise<void> {
    const current = this.settings();
    if (!current) return;
    const { patch, problem } = patchOf(current, this.form());
    this.formProblem.set(problem);
    if (problem) return;
    this.working.set('test');
    this.test.set(null);
    this.testError.set(null);
    try {
      this.test.set(await this.api.testConnection(patch));
    } catch (error) {
      this.testError.set({ title: testFailureTitle(error), detail: this.problemText(error) });
    } finally {
      this.working.set(null);
    }
  }

  protected async sync(dryRun: boolean): Promise<void> {
    this.working.set(dryRun ? 'dry' : 'sync');
    this.syncError.set(null);
    this.lastRun.set(null);
    this.diff.set(null);
    try {
      const answer = await this.api.sync({ dryRun, confirmMassDeactivation: this.confirm() });
      this.lastRun.set(answer.run);
      if (dryRun) {
        const changes = answer.changes ?? [];
        this.diff.set(diffRows(changes));
        this.diffKinds.set(diffCounts(changes));
      }
    } catch (error) {
      this.syncError.set(this.problemText(error));
    } finally {
      this.working.set(null);
      await this.runsPanel().reload();
    }
  }

  protected kindKey(kind: ChangeKind): TranslationKey {
    return `admin.sync.kind.${kind}`;
  }

  protected detailOf(row: DiffRow): string {
    const parts: string[] = [];
    if (row.kind === 'move') parts.push(`${row.from ?? '—'} → ${row.to ?? '—'}`);
    else if (row.to) parts.push(row.to);
    if (row.fields.length > 0) parts.push(row.fields.join(', '));
    if (row.reason) parts.push(this.i18n.t(`admin.sync.reason.${row.reason}`));
    return parts.join(' · ');
  }

  private async loadSettings(): Promise<void> {
    try {
      this.accept(await this.api.ldapSettings());
    } catch (error) {
      this.settingsError.set(this.problemText(error));
    }
  }

  private accept(settings: LdapSettings): void {
    this.settings.set(settings);
    this.form.set(formOf(settings));
  }

  /** The server's detail, plus each field's complaint of a refused settings patch. */
  private problemText(error: unknown): string {
    if (error instanceof ApiError && Array.isArray(error.problem['errors'])) {
      const fields = (error.problem['errors'] as Array<{ path?: string; message?: string }>)
        .map((e) => [e.path?.replace(/^body\./, ''), e.message].filter(Boolean).join(': '))
        .join('; ');
      if (fields) return `${error.message} (${fields})`;
    }
    return reasonOf(error);
  }
}

/** A short, translated name for what went wrong in a connection test. */
function testFailureTitle(error: unknown): TranslationKey {
  const code = error instanceof ApiError ? error.code : undefined;
  switch (code) {
    case 'directory.ldap.unreachable':
      return 'admin.sync.test.unreachable';
    case 'directory.ldap.tls_failed':
      return 'admin.sync.test.tlsFailed';
    case 'directory.ldap.bind_failed':
      return 'admin.sync.test.bindFailed';
    case 'directory.ldap.bad_filter':
      return 'admin.sync.test.badFilter';
    case 'directory.ldap.base_not_found':
      return 'admin.sync.test.baseNotFound';
    case 'directory.ldap.incomplete':
    case 'directory.ldap.not_configured':
      return 'admin.sync.test.incomplete';
    default:
      return 'admin.sync.test.failed';
  }
}
