import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { SECTION_STYLES } from '../admin/admin-styles';
import { problemText } from '../admin/integrations/problem-text';
import { I18n } from '../i18n/i18n.service';
import { ComplianceApi } from './compliance-api';
import { HoldsPanel } from './holds-panel.component';
import { PoliciesPanel } from './policies-panel.component';

/**
 * Retention and legal hold: the policies, the holds that suspend them, and running the
 * retention job now rather than waiting for its timer (RETENTION_INTERVAL_MINUTES).
 */
@Component({
  selector: 'td-compliance-retention',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PoliciesPanel, HoldsPanel],
  styles: [SECTION_STYLES],
  template: `
    <h2>{{ i18n.t('compliance.section.retention') }}</h2>
    <td-retention-policies />
    <td-legal-holds />
    <section class="panel" aria-labelledby="retention-run">
      <h3 id="retention-run">{{ i18n.t('compliance.retention.runHeading') }}</h3>
      <p class="hint">{{ i18n.t('compliance.retention.runLead') }}</p>
      <button
        type="button"
        class="secondary"
        data-testid="retention-run"
        [disabled]="running()"
        (click)="run()"
      >
        {{ i18n.t('compliance.retention.run') }}
      </button>
      @if (purged() !== null) {
        <p class="ok" role="status" data-testid="retention-purged">
          {{ i18n.t('compliance.retention.purged', { count: purged()! }) }}
        </p>
      }
      @if (error(); as reason) {
        <p class="error" role="alert">{{ reason }}</p>
      }
    </section>
  `,
})
export class RetentionSection {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(ComplianceApi);
  protected readonly running = signal(false);
  protected readonly purged = signal<number | null>(null);
  protected readonly error = signal<string | null>(null);

  protected async run(): Promise<void> {
    this.running.set(true);
    try {
      this.purged.set((await this.api.runRetention()).purged);
      this.error.set(null);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.running.set(false);
    }
  }
}
