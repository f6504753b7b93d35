import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { CallIcon } from './call-icon.component';
import type { CallSummarySystem } from './call-models';
import { callSummary } from './call-summary';

/** A call's line in the timeline: "Video call · 3:12", "Missed audio call", "Declined"… */
@Component({
  selector: 'td-call-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CallIcon],
  styles: `
    .summary {
      margin: 0;
      color: var(--muted);
    }
    .missed {
      color: var(--danger);
      font-weight: 600;
    }
  `,
  template: `
    <p
      class="summary"
      data-testid="call-summary"
      [class.missed]="line().missed"
      [attr.data-outcome]="system().outcome"
      [attr.data-missed]="line().missed"
    >
      <td-call-icon [media]="system().media" />
      {{ i18n.t(line().key, line().params) }}
    </p>
  `,
})
export class CallSummaryNote {
  protected readonly i18n = inject(I18n);
  readonly system = input.required<CallSummarySystem>();
  readonly callerId = input.required<string>();
  readonly myId = input<string | null>(null);
  protected readonly line = computed(() =>
    callSummary(this.system(), this.callerId(), this.myId()),
  );
}
