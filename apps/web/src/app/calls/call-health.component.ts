import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { PeopleStore } from '../chat/people.store';
import { I18n } from '../i18n/i18n.service';
import { formatBytes } from './call-stats';
import type { PeerLink } from './peer-link';

/**
 * The call health panel: per other participant, the connection's state and, from getStats()
 * each second, the media bytes received and the kind of path in use (host, srflx, relay) —
 * what support asks for first when a call is silent or choppy.
 */
@Component({
  selector: 'td-call-health',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    details {
      margin-top: 0.5rem;
      font-size: 0.85rem;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      padding: 0.2rem 0.4rem;
      text-align: left;
      border-bottom: 1px solid var(--border);
    }
    summary {
      cursor: pointer;
    }
  `,
  template: `
    <details data-testid="call-health" open>
      <summary>{{ i18n.t('call.health') }}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('call.health.peer') }}</th>
            <th scope="col">{{ i18n.t('call.health.state') }}</th>
            <th scope="col">{{ i18n.t('call.health.inbound') }}</th>
            <th scope="col">{{ i18n.t('call.health.path') }}</th>
            <th scope="col">{{ i18n.t('call.health.rtt') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (peer of peers(); track peer.peerId) {
            @let health = peer.health();
            <tr data-testid="call-health-peer" [attr.data-user-id]="peer.peerId">
              <th scope="row">{{ nameOf(peer.peerId) }}</th>
              <td data-testid="call-state">{{ peer.state() }}</td>
              <td data-testid="call-inbound-bytes" [attr.data-bytes]="health.inboundBytes">
                {{ bytes(health.inboundBytes) }}
              </td>
              <td data-testid="call-candidate-type">{{ health.candidateType ?? '—' }}</td>
              <td>{{ health.roundTripMs === null ? '—' : health.roundTripMs + ' ms' }}</td>
            </tr>
          }
        </tbody>
      </table>
    </details>
  `,
})
export class CallHealth {
  protected readonly i18n = inject(I18n);
  private readonly people = inject(PeopleStore);
  readonly peers = input.required<readonly PeerLink[]>();
  protected readonly bytes = formatBytes;

  protected nameOf(userId: string): string {
    return this.people.names().get(userId) ?? this.i18n.t('message.unknownSender');
  }
}
