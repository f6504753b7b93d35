import { ChangeDetectionStrategy, Component, computed, inject, OnInit } from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { DesktopNotifications } from './desktop-notifications.service';
import { StatusService, type ChosenStatus } from './status.service';
import { ThemeService, type ThemeChoice } from './theme.service';

/**
 * The header's personal settings: status (available / away / do not disturb), theme, and —
 * while the browser has not been asked — the button that asks for notification permission.
 */
@Component({
  selector: 'td-header-controls',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    select {
      font: inherit;
      background: var(--panel);
      color: var(--text);
      border: 1px solid var(--border);
      border-radius: 6px;
      padding: 0.2rem;
    }
  `,
  template: `
    @switch (notifications.permission()) {
      @case ('default') {
        <button
          type="button"
          class="link"
          [title]="i18n.t('notify.enableHint')"
          (click)="notifications.enable()"
          data-testid="notify-enable"
        >
          {{ i18n.t('notify.enable') }}
        </button>
      }
      @case ('denied') {
        <span class="muted" data-testid="notify-blocked">{{ i18n.t('notify.blocked') }}</span>
      }
    }
    <label>
      <span class="visually-hidden">{{ i18n.t('status.label') }}</span>
      <select
        [value]="statusValue()"
        [attr.data-dnd]="status.dndUntil() !== null"
        (change)="chooseStatus($event)"
        data-testid="status-select"
      >
        <option value="auto">{{ i18n.t('status.auto') }}</option>
        <option value="away">{{ i18n.t('status.away') }}</option>
        <option value="dnd-hour">{{ i18n.t('status.dndHour') }}</option>
        <option value="dnd">{{ dndLabel() }}</option>
      </select>
    </label>
    <label>
      <span class="visually-hidden">{{ i18n.t('theme.label') }}</span>
      <select [value]="theme.choice()" (change)="chooseTheme($event)" data-testid="theme-select">
        <option value="system">{{ i18n.t('theme.system') }}</option>
        <option value="light">{{ i18n.t('theme.light') }}</option>
        <option value="dark">{{ i18n.t('theme.dark') }}</option>
      </select>
    </label>
  `,
})
export class HeaderControls implements OnInit {
  protected readonly i18n = inject(I18n);
  protected readonly notifications = inject(DesktopNotifications);
  protected readonly status = inject(StatusService);
  protected readonly theme = inject(ThemeService);

  /** A timed DND shows as the untimed option, labelled with its end. */
  protected readonly statusValue = computed(() => this.status.chosen());
  protected readonly dndLabel = computed(() => {
    const until = this.status.dndUntil();
    if (until === null || until === Infinity) return this.i18n.t('status.dndOn');
    const time = new Date(until).toLocaleTimeString(this.i18n.language(), {
      hour: '2-digit',
      minute: '2-digit',
    });
    return this.i18n.t('status.dndUntil', { time });
  });

  ngOnInit(): void {
    // Without the presence service's answer the menu shows "available"; nothing else waits.
    this.status.load().catch(() => undefined);
  }

  protected chooseStatus(event: Event): void {
    const value = (event.target as HTMLSelectElement).value as ChosenStatus;
    this.status.choose(value).catch(() => void this.status.load().catch(() => undefined));
  }

  protected chooseTheme(event: Event): void {
    this.theme.use((event.target as HTMLSelectElement).value as ThemeChoice);
  }
}
