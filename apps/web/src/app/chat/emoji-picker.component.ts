import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { I18n } from '../i18n/i18n.service';

/** A fixed, small set (no emoji library): fully qualified, so the server stores them as sent. */
export const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀', '✅', '🚀'] as const;

/** A row of emoji buttons for reactions and the composer. */
@Component({
  selector: 'td-emoji-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="emoji-picker" role="group" [attr.aria-label]="i18n.t('emoji.pickerLabel')">
      @for (emoji of emojis; track emoji) {
        <button
          type="button"
          data-testid="emoji-option"
          [attr.aria-label]="emoji"
          (click)="picked.emit(emoji)"
        >
          {{ emoji }}
        </button>
      }
    </div>
  `,
})
export class EmojiPicker {
  protected readonly i18n = inject(I18n);
  protected readonly emojis = QUICK_EMOJI;
  readonly picked = output<string>();
}
