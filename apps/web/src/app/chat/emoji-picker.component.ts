import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  output,
  signal,
} from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { emojiName, QUICK_EMOJI, searchEmoji } from './emoji-catalogue';

export { QUICK_EMOJI } from './emoji-catalogue';

/**
 * Emoji for reactions and the composer: the quick row, and "more" — the catalogue
 * (emoji-catalogue.ts), searchable by English or Chinese name. Each button is named for
 * screen readers in the reader's language.
 */
@Component({
  selector: 'td-emoji-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .more-panel {
      display: grid;
      gap: 0.4rem;
      padding: 0.4rem;
      max-width: 20rem;
    }
    .more-panel input {
      font: inherit;
      padding: 0.3rem;
      border: 1px solid var(--border);
      border-radius: 6px;
      background: var(--bg);
      color: var(--text);
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(8, 2rem);
      gap: 0.1rem;
      max-height: 12rem;
      overflow: auto;
    }
    .grid button {
      background: none;
      border: 0;
      font-size: 1.2rem;
      border-radius: 6px;
    }
    .grid button:hover,
    .grid button:focus-visible {
      background: var(--bg);
    }
  `,
  template: `
    <div class="emoji-picker" role="group" [attr.aria-label]="i18n.t('emoji.pickerLabel')">
      @for (emoji of quick; track emoji) {
        <button
          type="button"
          data-testid="emoji-option"
          [attr.aria-label]="name(emoji)"
          [title]="name(emoji)"
          (click)="picked.emit(emoji)"
        >
          {{ emoji }}
        </button>
      }
      <button
        type="button"
        data-testid="emoji-more"
        [attr.aria-expanded]="more()"
        [attr.aria-label]="i18n.t('emoji.more')"
        [title]="i18n.t('emoji.more')"
        (click)="more.set(!more())"
      >
        …
      </button>
    </div>
    @if (more()) {
      <div class="more-panel">
        <input
          type="search"
          data-testid="emoji-search"
          [attr.aria-label]="i18n.t('emoji.search')"
          [placeholder]="i18n.t('emoji.search')"
          (input)="query.set($any($event.target).value)"
        />
        <div class="grid" role="group" [attr.aria-label]="i18n.t('emoji.pickerLabel')">
          @for (entry of results(); track entry.emoji) {
            <button
              type="button"
              data-testid="emoji-result"
              [attr.aria-label]="name(entry.emoji)"
              [title]="name(entry.emoji)"
              (click)="choose(entry.emoji)"
            >
              {{ entry.emoji }}
            </button>
          } @empty {
            <span class="muted">{{ i18n.t('emoji.none') }}</span>
          }
        </div>
      </div>
    }
  `,
})
export class EmojiPicker {
  protected readonly i18n = inject(I18n);
  protected readonly quick = QUICK_EMOJI;
  protected readonly more = signal(false);
  protected readonly query = signal('');
  protected readonly results = computed(() => searchEmoji(this.query()));
  readonly picked = output<string>();

  protected name(emoji: string): string {
    return emojiName(emoji, this.i18n.language());
  }

  protected choose(emoji: string): void {
    this.more.set(false);
    this.query.set('');
    this.picked.emit(emoji);
  }
}
