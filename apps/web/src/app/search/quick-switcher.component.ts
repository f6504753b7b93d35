import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { rankSwitchItems, type SwitchItem } from './quick-switch';

/**
 * Ctrl/Cmd-K: a keyboard-first jump to any conversation (ranking: quick-switch.ts). Arrow keys
 * move, Enter opens, Escape closes; the list is an ARIA listbox driven from the input
 * (combobox), so screen readers follow the active option.
 */
@Component({
  selector: 'td-quick-switcher',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(document:keydown)': 'onDocumentKey($event)' },
  styles: `
    .backdrop {
      position: fixed;
      inset: 0;
      background: rgb(0 0 0 / 25%);
      z-index: 20;
      border: 0;
    }
    .dialog {
      position: fixed;
      top: 12vh;
      left: 50%;
      transform: translateX(-50%);
      z-index: 21;
      width: min(32rem, 92vw);
      background: var(--panel);
      color: var(--text);
      border: 1px solid var(--border);
      border-radius: 10px;
      box-shadow: 0 12px 40px rgb(0 0 0 / 25%);
      padding: 0.75rem;
    }
    input {
      width: 100%;
      padding: 0.6rem;
      font: inherit;
      border: 1px solid var(--border);
      border-radius: 6px;
      background: var(--bg);
      color: var(--text);
    }
    ul {
      list-style: none;
      margin: 0.5rem 0 0;
      padding: 0;
      max-height: 50vh;
      overflow: auto;
    }
    li {
      display: flex;
      justify-content: space-between;
      padding: 0.45rem 0.6rem;
      border-radius: 6px;
      cursor: pointer;
    }
    li.active {
      background: var(--accent);
      color: #fff;
    }
    .count {
      font-size: 0.8rem;
      font-weight: 600;
    }
  `,
  template: `
    @if (isOpen()) {
      <button
        type="button"
        class="backdrop"
        tabindex="-1"
        [attr.aria-label]="i18n.t('search.close')"
        (click)="close()"
      ></button>
      <div
        class="dialog"
        role="dialog"
        aria-modal="true"
        [attr.aria-label]="i18n.t('switcher.title')"
        data-testid="quick-switcher"
      >
        <input
          #field
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded="true"
          aria-controls="quick-switcher-list"
          [attr.aria-activedescendant]="activeOptionId()"
          [attr.aria-label]="i18n.t('switcher.title')"
          [placeholder]="i18n.t('switcher.placeholder')"
          [value]="query()"
          (input)="onInput($event)"
          (keydown)="onKey($event)"
          data-testid="quick-switcher-input"
        />
        <ul id="quick-switcher-list" role="listbox">
          @for (item of results(); track item.id; let i = $index) {
            <li
              role="option"
              [id]="'switch-' + item.id"
              [attr.aria-selected]="i === active()"
              [class.active]="i === active()"
              tabindex="-1"
              (click)="choose(item)"
              (keydown.enter)="choose(item)"
              (mousemove)="active.set(i)"
              data-testid="quick-switcher-option"
            >
              <span>{{ item.title }}</span>
              @if (item.unread > 0) {
                <span class="count">{{ item.unread }}</span>
              }
            </li>
          } @empty {
            <li class="muted" role="presentation">{{ i18n.t('switcher.none') }}</li>
          }
        </ul>
      </div>
    }
  `,
})
export class QuickSwitcher {
  protected readonly i18n = inject(I18n);
  readonly items = input.required<readonly SwitchItem[]>();
  readonly chosen = output<string>();

  protected readonly isOpen = signal(false);
  protected readonly query = signal('');
  protected readonly active = signal(0);
  protected readonly results = computed(() => rankSwitchItems(this.query(), this.items()));
  protected readonly activeOptionId = computed(() => {
    const item = this.results()[this.active()];
    return item ? `switch-${item.id}` : null;
  });
  private readonly field = viewChild<ElementRef<HTMLInputElement>>('field');

  constructor() {
    afterRenderEffect(() => {
      if (this.isOpen()) this.field()?.nativeElement.focus();
    });
  }

  open(): void {
    this.query.set('');
    this.active.set(0);
    this.isOpen.set(true);
  }

  close(): void {
    this.isOpen.set(false);
  }

  protected onDocumentKey(event: KeyboardEvent): void {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault(); // the browser's own Ctrl+K focuses its address bar
      if (this.isOpen()) this.close();
      else this.open();
    }
  }

  protected onInput(event: Event): void {
    this.query.set((event.target as HTMLInputElement).value);
    this.active.set(0);
  }

  protected onKey(event: KeyboardEvent): void {
    const count = this.results().length;
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault();
      this.active.set((this.active() + 1) % count);
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault();
      this.active.set((this.active() - 1 + count) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const item = this.results()[this.active()];
      if (item) this.choose(item);
    } else if (event.key === 'Escape') {
      this.close();
    }
  }

  protected choose(item: SwitchItem): void {
    this.close();
    this.chosen.emit(item.id);
  }
}
