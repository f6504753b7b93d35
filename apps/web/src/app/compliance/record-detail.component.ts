import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import type { AuditRecord } from './compliance-api';
import { PeopleNames } from './people-names';
import { dataText } from './record-view';

/**
 * Everything one audit record holds, as stored: its place in the chain (seq, the hash it
 * chains to, its own hash), where it came from, who and what it concerns, and the event's
 * data in full — what an investigator copies into a report.
 */
@Component({
  selector: 'td-record-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.3rem 1rem;
      margin: 0;
    }
    dt {
      font-size: 0.85rem;
      color: #374151;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    pre {
      margin: 0;
      max-height: 20rem;
      overflow: auto;
      background: #f3f4f6;
      padding: 0.5rem;
      border-radius: 6px;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
  template: `
    <dl data-testid="audit-detail">
      <dt>{{ i18n.t('compliance.col.seq') }}</dt>
      <dd>{{ record().seq }}</dd>
      <dt>{{ i18n.t('compliance.detail.id') }}</dt>
      <dd>
        <code>{{ record().id }}</code>
      </dd>
      <dt>{{ i18n.t('compliance.col.type') }}</dt>
      <dd>
        <code>{{ record().type }}</code>
      </dd>
      <dt>{{ i18n.t('compliance.detail.occurred') }}</dt>
      <dd>{{ record().occurredAt }}</dd>
      <dt>{{ i18n.t('compliance.detail.recorded') }}</dt>
      <dd>{{ record().recordedAt }}</dd>
      <dt>{{ i18n.t('compliance.detail.actor') }}</dt>
      <dd>{{ actor() }}</dd>
      <dt>{{ i18n.t('compliance.detail.subjects') }}</dt>
      <dd>{{ subjects() || '—' }}</dd>
      <dt>{{ i18n.t('compliance.detail.conversation') }}</dt>
      <dd>
        <code>{{ record().conversationId ?? '—' }}</code>
      </dd>
      <dt>{{ i18n.t('compliance.detail.source') }}</dt>
      <dd>
        <code>{{ record().sourceEventId ?? '—' }}</code>
      </dd>
      <dt>{{ i18n.t('compliance.detail.prevHash') }}</dt>
      <dd>
        <code data-testid="audit-prev-hash">{{ record().prevHash }}</code>
      </dd>
      <dt>{{ i18n.t('compliance.col.hash') }}</dt>
      <dd>
        <code data-testid="audit-hash">{{ record().hash }}</code>
      </dd>
      <dt>{{ i18n.t('compliance.detail.data') }}</dt>
      <dd>
        <pre data-testid="audit-data">{{ data() }}</pre>
      </dd>
    </dl>
  `,
})
export class RecordDetail {
  protected readonly i18n = inject(I18n);
  private readonly names = inject(PeopleNames);
  readonly record = input.required<AuditRecord>();

  protected readonly data = computed(() => dataText(this.record()));
  protected readonly actor = computed(() => {
    const actor = this.record().actor;
    if (!actor) return this.i18n.t('compliance.detail.system');
    return `${actor.kind}: ${actor.kind === 'user' ? this.names.nameOf(actor.id) : actor.id}`;
  });
  protected readonly subjects = computed(() =>
    this.record()
      .subjectIds.map((id) => this.names.nameOf(id))
      .join(', '),
  );
}
