import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { I18n } from '../../i18n/i18n.service';
import { integrationsEn, integrationsZhCN } from '../../i18n/strings/integrations';
import { registerStrings, type TranslationKey } from '../../i18n/translations';
import { AdminAccess } from '../admin-access';
import { BotsPanel } from './bots-panel.component';
import { SubscriptionsPanel } from './subscriptions-panel.component';
import { tabAfterKey } from './tabs';
import { WebhooksPanel } from './webhooks-panel.component';
import { WidgetSitesPanel } from './widget-sites-panel.component';

// The console's strings travel in the admin chunk, with the rest of the console.
registerStrings({ en: integrationsEn, 'zh-CN': integrationsZhCN });

type Tab = 'webhooks' | 'subscriptions' | 'bots' | 'widget-sites';

/**
 * The integration console: incoming webhooks, outgoing subscriptions with their delivery
 * log, bots and their tokens, the widget's allowed sites — one tab each, shown to whoever
 * holds the permission its API needs (administrators hold them all).
 */
@Component({
  selector: 'td-admin-integrations',
  imports: [WebhooksPanel, SubscriptionsPanel, BotsPanel, WidgetSitesPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    h2 {
      font-size: 1.3rem;
      margin: 0 0 0.6rem;
    }
    .lead {
      margin: 0 0 1rem;
      color: #4b5563;
    }
    [role='tablist'] {
      display: flex;
      gap: 0.25rem;
      border-bottom: 1px solid #d1d5db;
      margin-bottom: 1rem;
    }
    [role='tab'] {
      background: none;
      border: 0;
      border-bottom: 3px solid transparent;
      padding: 0.5rem 0.9rem;
      color: #374151;
    }
    [role='tab'][aria-selected='true'] {
      border-bottom-color: #2f6fde;
      color: #1f4fae;
      font-weight: 600;
    }
    [role='tab']:focus-visible {
      outline: 2px solid #2f6fde;
    }
  `,
  template: `
    <h2>{{ i18n.t('admin.section.integrations') }}</h2>
    <p class="lead">{{ i18n.t('integrations.lead') }}</p>
    <div role="tablist" [attr.aria-label]="i18n.t('admin.section.integrations')">
      @for (tab of tabs(); track tab.id) {
        <button
          type="button"
          role="tab"
          [id]="'integrations-tab-' + tab.id"
          [attr.data-testid]="'integrations-tab-' + tab.id"
          [attr.aria-selected]="tab.id === current()"
          [attr.aria-controls]="'integrations-panel'"
          [tabindex]="tab.id === current() ? 0 : -1"
          (click)="chosen.set(tab.id)"
          (keydown)="key($event)"
        >
          {{ i18n.t(tab.label) }}
        </button>
      }
    </div>
    <div
      role="tabpanel"
      id="integrations-panel"
      [attr.aria-labelledby]="'integrations-tab-' + current()"
      [attr.data-tab]="current()"
    >
      @switch (current()) {
        @case ('webhooks') {
          <td-integrations-webhooks />
        }
        @case ('subscriptions') {
          <td-integrations-subscriptions />
        }
        @case ('bots') {
          <td-integrations-bots />
        }
        @case ('widget-sites') {
          <td-integrations-widget-sites />
        }
        @default {
          <p role="alert">{{ i18n.t('admin.refused.body') }}</p>
        }
      }
    </div>
  `,
})
export class IntegrationsSection {
  protected readonly i18n = inject(I18n);
  private readonly access = inject(AdminAccess);

  private readonly all: Array<{ id: Tab; label: TranslationKey; permission: string }> = [
    { id: 'webhooks', label: 'integrations.tab.webhooks', permission: 'messaging.write' },
    {
      id: 'subscriptions',
      label: 'integrations.tab.subscriptions',
      permission: 'integrations.manage',
    },
    { id: 'bots', label: 'integrations.tab.bots', permission: 'bots.manage' },
    // Sites are owned by bots, so whoever manages bots manages where they may be embedded.
    { id: 'widget-sites', label: 'integrations.tab.sites', permission: 'bots.manage' },
  ];
  protected readonly tabs = computed(() => this.all.filter((t) => this.access.has(t.permission)));
  protected readonly chosen = signal<Tab>('webhooks');
  protected readonly current = computed(() => {
    const tabs = this.tabs();
    return tabs.find((t) => t.id === this.chosen())?.id ?? tabs[0]?.id ?? null;
  });

  /** Arrow keys, Home and End move between the tabs (the WAI-ARIA tabs pattern). */
  protected key(event: KeyboardEvent): void {
    const ids = this.tabs().map((t) => t.id);
    const next = tabAfterKey(ids, this.current(), event.key);
    if (next === null) return;
    event.preventDefault();
    this.chosen.set(next);
    document.getElementById(`integrations-tab-${next}`)?.focus();
  }
}
