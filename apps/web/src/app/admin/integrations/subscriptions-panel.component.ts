import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import { SECTION_STYLES } from '../admin-styles';
import { DeliveryLog } from './delivery-log.component';
import { IntegrationsApi, type Subscription } from './integrations-api';
import { problemText } from './problem-text';
import { SecretOnce } from './secret-once.component';
import { SubscriptionFormComponent } from './subscription-form.component';

/**
 * Outgoing subscriptions: the form for a new one (its signing secret shown once), the list
 * with each one's state — enable a disabled one again, disable, rotate the secret, delete —
 * and one subscription's delivery log.
 */
@Component({
  selector: 'td-integrations-subscriptions',
  imports: [DeliveryLog, SecretOnce, SubscriptionFormComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      tr.open {
        background: #f5f8ff;
      }
    `,
  ],
  template: `
    <td-subscription-form (created)="created($event)" />

    @if (secret(); as shown) {
      <td-secret-once
        heading="integrations.subscriptions.secretHeading"
        [values]="[{ label: 'integrations.secret', value: shown, testId: 'subscription-secret' }]"
        (done)="secret.set(null)"
      />
    }
    @if (error(); as reason) {
      <p class="error" role="alert" data-testid="subscriptions-error">{{ reason }}</p>
    }

    @if (subscriptions().length === 0) {
      <p class="muted" data-testid="subscriptions-empty">
        {{ i18n.t('integrations.subscriptions.none') }}
      </p>
    } @else {
      <table data-testid="subscriptions-table">
        <caption class="visually-hidden">
          {{
            i18n.t('integrations.subscriptions.heading')
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ i18n.t('integrations.subscriptions.name') }}</th>
            <th scope="col">{{ i18n.t('integrations.subscriptions.target') }}</th>
            <th scope="col">{{ i18n.t('integrations.subscriptions.events') }}</th>
            <th scope="col">{{ i18n.t('integrations.col.status') }}</th>
            <th scope="col">{{ i18n.t('integrations.col.actions') }}</th>
          </tr>
        </thead>
        <tbody>
          @for (sub of subscriptions(); track sub.id) {
            <tr
              data-testid="subscription-row"
              [attr.data-id]="sub.id"
              [attr.data-status]="sub.status"
              [class.open]="logOf()?.id === sub.id"
            >
              <td>{{ sub.name }}</td>
              <td>
                {{
                  sub.mode === 'http' ? sub.url : i18n.t('integrations.subscriptions.mode.socket')
                }}
              </td>
              <td>{{ sub.events.join(', ') }}</td>
              <td>
                <span class="tag" [class.failed]="sub.status === 'disabled'">{{
                  i18n.t(
                    sub.status === 'active'
                      ? 'integrations.subscriptions.active'
                      : 'integrations.subscriptions.disabled'
                  )
                }}</span>
                @if (sub.disabledReason) {
                  <div class="hint">{{ sub.disabledReason }}</div>
                }
              </td>
              <td>
                <div class="actions">
                  <button
                    type="button"
                    class="secondary"
                    data-testid="subscription-deliveries"
                    [attr.aria-expanded]="logOf()?.id === sub.id"
                    (click)="logOf.set(logOf()?.id === sub.id ? null : sub)"
                  >
                    {{ i18n.t('integrations.subscriptions.deliveries') }}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    data-testid="subscription-toggle"
                    [disabled]="busy()"
                    (click)="toggle(sub)"
                  >
                    {{
                      i18n.t(
                        sub.status === 'active'
                          ? 'integrations.subscriptions.disable'
                          : 'integrations.subscriptions.enable'
                      )
                    }}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    data-testid="subscription-rotate"
                    [disabled]="busy()"
                    (click)="rotate(sub)"
                  >
                    {{ i18n.t('integrations.rotate') }}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    data-testid="subscription-delete"
                    [disabled]="busy()"
                    (click)="remove(sub)"
                  >
                    {{ i18n.t('integrations.delete') }}
                  </button>
                </div>
              </td>
            </tr>
          }
        </tbody>
      </table>
    }
    @if (logOf(); as sub) {
      <td-delivery-log [subscription]="sub" />
    }
  `,
})
export class SubscriptionsPanel {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(IntegrationsApi);

  protected readonly subscriptions = signal<Subscription[]>([]);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly secret = signal<string | null>(null);
  /** The subscription whose delivery log is open. */
  protected readonly logOf = signal<Subscription | null>(null);

  constructor() {
    void this.reload();
  }

  protected created(secret: string): void {
    this.secret.set(secret);
    void this.reload();
  }

  protected toggle(sub: Subscription): Promise<void> {
    return this.work(() => this.api.setEnabled(sub.id, sub.status !== 'active'));
  }

  protected rotate(sub: Subscription): Promise<void> {
    return this.work(async () =>
      this.secret.set((await this.api.rotateSubscription(sub.id)).secret),
    );
  }

  protected async remove(sub: Subscription): Promise<void> {
    if (!confirm(this.i18n.t('integrations.subscriptions.confirmDelete', { name: sub.name })))
      return;
    await this.work(async () => {
      await this.api.deleteSubscription(sub.id);
      if (this.logOf()?.id === sub.id) this.logOf.set(null);
    });
  }

  private async work(action: () => Promise<unknown>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await action();
      await this.reload();
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.busy.set(false);
    }
  }

  private async reload(): Promise<void> {
    try {
      const subscriptions = await this.api.subscriptions();
      this.subscriptions.set(subscriptions);
      // The open log follows the subscription's new state (enabled again, renamed).
      const open = this.logOf();
      if (open) this.logOf.set(subscriptions.find((s) => s.id === open.id) ?? null);
    } catch (error) {
      this.error.set(problemText(error));
    }
  }
}
