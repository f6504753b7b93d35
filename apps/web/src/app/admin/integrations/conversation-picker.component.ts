import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  model,
  signal,
} from '@angular/core';
import { ApiClient, reasonOf } from '../../api/api-client';
import type { Conversation, Page } from '../../api/models';
import { I18n } from '../../i18n/i18n.service';
import type { TranslationKey } from '../../i18n/translations';
import { pickable, type Pickable } from './pickable';

/**
 * Chooses conversations for a webhook or a subscription's filter: the administrator's own
 * channels and groups, and every public channel (the channel directory), by name. The
 * chosen ones are listed in order — for a webhook the first is where a post goes by default
 * — each with a remove button.
 */
@Component({
  selector: 'td-conversation-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="picker">
      <label class="field">
        <span>{{ i18n.t(label()) }}</span>
        <select
          [attr.data-testid]="testId() + '-select'"
          [attr.aria-invalid]="invalid() ? 'true' : null"
          (change)="candidate.set(value($event))"
        >
          <option value="" [selected]="candidate() === ''">
            {{ i18n.t('integrations.picker.choose') }}
          </option>
          @for (option of options(); track option.id) {
            <option [value]="option.id" [selected]="candidate() === option.id">
              {{ option.label }}
            </option>
          }
        </select>
      </label>
      <button
        type="button"
        class="secondary"
        [attr.data-testid]="testId() + '-add'"
        [disabled]="!candidate()"
        (click)="add()"
      >
        {{ i18n.t('integrations.picker.add') }}
      </button>
    </div>
    @if (error(); as reason) {
      <p class="error" role="alert">{{ i18n.t('error.generic', { reason }) }}</p>
    }
    @if (selected().length > 0) {
      <ul class="chosen" [attr.data-testid]="testId() + '-chosen'">
        @for (id of selected(); track id) {
          <li>
            <span>{{ labelOf(id) }}</span>
            @if ($first && firstIsDefault()) {
              <span class="tag">{{ i18n.t('integrations.picker.default') }}</span>
            }
            <button
              type="button"
              class="link"
              [attr.aria-label]="i18n.t('integrations.picker.remove', { name: labelOf(id) })"
              (click)="remove(id)"
            >
              ✕
            </button>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .picker {
      display: flex;
      gap: 0.6rem;
      align-items: end;
      flex-wrap: wrap;
    }
    .field {
      display: grid;
      gap: 0.2rem;
      min-width: 14rem;
      flex: 1;
    }
    .field span {
      font-size: 0.85rem;
      color: #374151;
    }
    select {
      font: inherit;
      padding: 0.45rem 0.6rem;
      border: 1px solid #9ca3af;
      border-radius: 6px;
      background: #fff;
    }
    select[aria-invalid='true'] {
      border-color: #b91c1c;
    }
    button.secondary {
      background: #fff;
      border: 1px solid #2f6fde;
      color: #1f4fae;
      border-radius: 6px;
      padding: 0.45rem 0.9rem;
    }
    button:disabled {
      opacity: 0.6;
    }
    .chosen {
      list-style: none;
      padding: 0;
      margin: 0.4rem 0 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .chosen li {
      display: flex;
      gap: 0.3rem;
      align-items: center;
      background: #eef2f8;
      border-radius: 999px;
      padding: 0.1rem 0.3rem 0.1rem 0.7rem;
    }
    .tag {
      font-size: 0.75rem;
      color: #4b5563;
    }
    .error {
      color: #b91c1c;
    }
  `,
})
export class ConversationPicker {
  protected readonly i18n = inject(I18n);
  private readonly http = inject(ApiClient);

  readonly label = input.required<TranslationKey>();
  readonly testId = input.required<string>();
  /** The chosen conversations' ids, in the order chosen. */
  readonly selected = model<string[]>([]);
  readonly firstIsDefault = input(false);
  readonly invalid = input(false);

  private readonly known = signal<Pickable[]>([]);
  protected readonly candidate = signal('');
  protected readonly error = signal<string | null>(null);
  protected readonly options = computed(() =>
    this.known().filter((option) => !this.selected().includes(option.id)),
  );

  constructor() {
    void this.load();
  }

  protected value(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }

  protected labelOf(id: string): string {
    return this.known().find((option) => option.id === id)?.label ?? id;
  }

  protected add(): void {
    const id = this.candidate();
    if (!id || this.selected().includes(id)) return;
    this.selected.set([...this.selected(), id]);
    this.candidate.set('');
  }

  protected remove(id: string): void {
    this.selected.set(this.selected().filter((chosen) => chosen !== id));
  }

  private async load(): Promise<void> {
    try {
      const [mine, channels] = await Promise.all([
        this.http.get<Page<Conversation>>('/conversations?limit=200'),
        this.http.get<Page<{ id: string; name: string; archived: boolean }>>('/channels?limit=200'),
      ]);
      this.known.set(pickable(mine.items, channels.items));
    } catch (error) {
      this.error.set(reasonOf(error));
    }
  }
}
