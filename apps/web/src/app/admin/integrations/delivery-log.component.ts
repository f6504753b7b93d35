import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import type { TranslationKey } from '../../i18n/translations';
import { SECTION_STYLES } from '../admin-styles';
import { DeliveryAttempts } from './delivery-attempts.component';
import { deliveryDetailOf, type DeliveryDetail } from './integration-forms';
import {
  IntegrationsApi,
  type Delivery,
  type DeliveryStatus,
  type Subscription,
} from './integrations-api';
import { nextRefreshIn } from './log-refresh';
import { problemText } from './problem-text';

const STATUSES: DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'dead'];

/**
 * One subscription's delivery log, newest first: each event's status, attempts, last answer
 * and next try; a row opens its attempts (request, response, latency) and replays it. While a
 * shown delivery waits for a retry, the log reloads itself just after it is due.
 */
@Component({
  selector: 'td-delivery-log',
  imports: [DeliveryAttempts],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    SECTION_STYLES,
    `
      tr.open {
        background: #f5f8ff;
      }
      .row .field {
        flex: 0 1 16rem;
      }
      .tag.pending {
        background: #fef3c7;
        color: #78350f;
      }
      .tag.dead {
        background: #fde2e2;
        color: #8a1c1c;
      }
    `,
  ],
  template: `
    <section class="panel" aria-labelledby="delivery-log" data-testid="delivery-log">
      <h3 id="delivery-log">
        {{ i18n.t('integrations.log.heading', { name: subscription().name }) }}
      </h3>
      <div class="row">
        <label class="field">
          <span>{{ i18n.t('integrations.col.status') }}</span>
          <select data-testid="delivery-status-filter" (change)="filter($event)">
            <option value="" [selected]="status() === ''">
              {{ i18n.t('integrations.log.any') }}
            </option>
            @for (s of statuses; track s) {
              <option [value]="s" [selected]="status() === s">{{ i18n.t(statusKey(s)) }}</option>
            }
          </select>
        </label>
        <button type="button" class="secondary" data-testid="delivery-refresh" (click)="load()">
          {{ i18n.t('integrations.log.refresh') }}
        </button>
      </div>
      @if (notice(); as text) {
        <p class="ok" role="status">{{ text }}</p>
      }
      @if (error(); as reason) {
        <p class="error" role="alert">{{ reason }}</p>
      }
      @if (loaded() && items().length === 0) {
        <p class="muted" data-testid="deliveries-empty">{{ i18n.t('integrations.log.none') }}</p>
      } @else if (items().length > 0) {
        <table data-testid="deliveries-table">
          <caption class="visually-hidden">
            {{
              i18n.t('integrations.log.heading', { name: subscription().name })
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('integrations.col.created') }}</th>
              <th scope="col">{{ i18n.t('integrations.log.event') }}</th>
              <th scope="col">{{ i18n.t('integrations.col.status') }}</th>
              <th scope="col">{{ i18n.t('integrations.log.attempts') }}</th>
              <th scope="col">{{ i18n.t('integrations.log.lastCode') }}</th>
              <th scope="col">{{ i18n.t('integrations.log.next') }}</th>
              <th scope="col">{{ i18n.t('integrations.col.actions') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (d of items(); track d.id) {
              <tr
                data-testid="delivery-row"
                [attr.data-id]="d.id"
                [attr.data-status]="d.status"
                [class.open]="openId() === d.id"
              >
                <td>{{ when(d.createdAt) }}</td>
                <td>
                  <code>{{ d.eventType }}</code>
                </td>
                <td>
                  <span class="tag" [class]="'tag ' + d.status" data-testid="delivery-status">{{
                    i18n.t(statusKey(d.status))
                  }}</span>
                </td>
                <td data-testid="delivery-attempts">{{ d.attempts }}</td>
                <td data-testid="delivery-code">{{ d.lastStatusCode ?? d.lastError ?? '—' }}</td>
                <td>{{ d.nextAttemptAt ? when(d.nextAttemptAt) : '—' }}</td>
                <td>
                  <div class="actions">
                    <button
                      type="button"
                      class="secondary"
                      data-testid="delivery-open"
                      [attr.aria-expanded]="openId() === d.id"
                      (click)="toggle(d)"
                    >
                      {{ i18n.t('integrations.log.details') }}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      data-testid="delivery-replay"
                      [disabled]="replaying() === d.id"
                      (click)="replay(d)"
                    >
                      {{ i18n.t('integrations.log.replay') }}
                    </button>
                  </div>
                </td>
              </tr>
              @if (openId() === d.id) {
                <tr>
                  <td colspan="7">
                    @if (detail(); as shown) {
                      <td-delivery-attempts [delivery]="shown" />
                    } @else {
                      <p class="muted" role="status">{{ i18n.t('app.loading') }}</p>
                    }
                  </td>
                </tr>
              }
            }
          </tbody>
        </table>
        @if (cursor()) {
          <button type="button" class="secondary" data-testid="delivery-more" (click)="more()">
            {{ i18n.t('integrations.log.more') }}
          </button>
        }
      }
    </section>
  `,
})
export class DeliveryLog {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(IntegrationsApi);

  readonly subscription = input.required<Subscription>();
  /** By id: the list reloading hands a fresh object of the same subscription. */
  private readonly subscriptionId = computed(() => this.subscription().id);
  protected readonly statuses = STATUSES;
  protected readonly status = signal<DeliveryStatus | ''>('');
  protected readonly items = signal<Delivery[]>([]);
  protected readonly cursor = signal<string | null>(null);
  protected readonly loaded = signal(false);
  protected readonly openId = signal<string | null>(null);
  protected readonly detail = signal<DeliveryDetail | null>(null);
  protected readonly replaying = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    // A new subscription (or a changed filter): its log from the newest page, nothing open.
    effect(() => {
      void [this.subscriptionId(), this.status()];
      untracked(() => {
        this.openId.set(null);
        this.detail.set(null);
        void this.load();
      });
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

  protected statusKey(status: DeliveryStatus): TranslationKey {
    return `integrations.log.status.${status}`;
  }

  protected when(iso: string): string {
    return new Date(iso).toLocaleString(this.i18n.language());
  }

  protected filter(event: Event): void {
    this.status.set((event.target as HTMLSelectElement).value as DeliveryStatus | '');
  }

  async load(): Promise<void> {
    const id = this.subscription().id;
    try {
      const page = await this.api.deliveries(id, { status: this.status() });
      if (this.subscription().id !== id) return;
      this.items.set(page.items);
      this.cursor.set(page.nextCursor ?? null);
      this.error.set(null);
      const open = this.openId();
      if (open) await this.loadDetail(open);
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.loaded.set(true);
      this.schedule();
    }
  }

  protected async more(): Promise<void> {
    const cursor = this.cursor();
    if (!cursor) return;
    try {
      const page = await this.api.deliveries(this.subscription().id, {
        status: this.status(),
        cursor,
      });
      this.items.update((items) => [...items, ...page.items]);
      this.cursor.set(page.nextCursor ?? null);
    } catch (error) {
      this.error.set(problemText(error));
    }
  }

  protected async toggle(delivery: Delivery): Promise<void> {
    if (this.openId() === delivery.id) {
      this.openId.set(null);
      return;
    }
    this.openId.set(delivery.id);
    this.detail.set(null);
    await this.loadDetail(delivery.id);
  }

  protected async replay(delivery: Delivery): Promise<void> {
    this.replaying.set(delivery.id);
    this.notice.set(null);
    try {
      await this.api.replay(delivery.id);
      this.notice.set(this.i18n.t('integrations.log.replayed'));
      await this.load();
    } catch (error) {
      this.error.set(problemText(error));
    } finally {
      this.replaying.set(null);
    }
  }

  private async loadDetail(id: string): Promise<void> {
    try {
      const detail = deliveryDetailOf(await this.api.delivery(id));
      if (this.openId() === id) this.detail.set(detail);
    } catch (error) {
      this.error.set(problemText(error));
    }
  }

  /** Reloads just after the soonest retry of a shown delivery is due (none due: no timer). */
  private schedule(): void {
    clearTimeout(this.timer);
    const wait = nextRefreshIn(this.items(), Date.now());
    if (wait !== null) this.timer = setTimeout(() => void this.load(), wait);
  }
}
