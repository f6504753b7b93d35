import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import { attemptOutcome, prettyBody, type DeliveryDetail } from './integration-forms';

/**
 * One delivery's attempts, oldest first: when, the answer (status code or error), latency,
 * and — folded — the request as signed and sent (headers, body) and the response's first 2 KB.
 * Every attempt of a delivery carries the same `webhook-id`, shown once above.
 */
@Component({
  selector: 'td-delivery-attempts',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.2rem 0.8rem;
      margin: 0 0 0.6rem;
      font-size: 0.85rem;
    }
    dt {
      color: #374151;
    }
    dd {
      margin: 0;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      text-align: left;
      padding: 0.35rem 0.5rem;
      border-bottom: 1px solid #e3e6ea;
      vertical-align: top;
      font-size: 0.9rem;
    }
    pre {
      max-height: 16rem;
      overflow: auto;
      background: #f3f4f6;
      padding: 0.4rem 0.6rem;
      border-radius: 6px;
      font-size: 0.8rem;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .bad {
      color: #b91c1c;
    }
  `,
  template: `
    @let d = delivery();
    <dl>
      <dt>webhook-id</dt>
      <dd>
        <code data-testid="delivery-webhook-id">{{ d.id }}</code>
      </dd>
      <dt>{{ i18n.t('integrations.log.eventId') }}</dt>
      <dd>
        <code>{{ d.eventId }}</code>
      </dd>
    </dl>
    @if (d.attemptList.length === 0) {
      <p class="muted">{{ i18n.t('integrations.log.noAttempts') }}</p>
    } @else {
      <table data-testid="delivery-attempt-list">
        <caption class="visually-hidden">
          {{
            i18n.t('integrations.log.attempts')
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{{ i18n.t('integrations.log.started') }}</th>
            <th scope="col">{{ i18n.t('integrations.log.answer') }}</th>
            <th scope="col">{{ i18n.t('integrations.log.latency') }}</th>
            <th scope="col">{{ i18n.t('integrations.log.exchange') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (a of d.attemptList; track a.number) {
            <tr
              data-testid="delivery-attempt"
              [attr.data-number]="a.number"
              [attr.data-status-code]="a.statusCode"
            >
              <td>{{ a.number }}</td>
              <td>{{ when(a.startedAt) }}</td>
              <td
                data-testid="attempt-outcome"
                [class.bad]="a.statusCode === null || a.statusCode >= 300"
              >
                {{ outcome(a) }}
              </td>
              <td data-testid="attempt-latency">
                {{
                  a.latencyMs === null ? '—' : i18n.t('integrations.log.ms', { ms: a.latencyMs })
                }}
              </td>
              <td>
                <details>
                  <summary>{{ i18n.t('integrations.log.request') }}</summary>
                  <pre>{{ headers(a.requestHeaders) }}</pre>
                  <pre>{{ pretty(a.requestBody) }}</pre>
                </details>
                @if (a.responseBody) {
                  <details>
                    <summary>{{ i18n.t('integrations.log.response') }}</summary>
                    <pre>{{ pretty(a.responseBody) }}</pre>
                  </details>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
})
export class DeliveryAttempts {
  protected readonly i18n = inject(I18n);
  readonly delivery = input.required<DeliveryDetail>();
  protected readonly outcome = attemptOutcome;
  protected readonly pretty = prettyBody;

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected headers(headers: Record<string, string> | null | undefined): string {
    return Object.entries(headers ?? {})
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n');
  }
}
