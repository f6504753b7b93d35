import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { I18n } from '../i18n/i18n.service';

/** Enter sends, Shift+Enter adds a line. */
@Component({
  selector: 'td-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="composer" (submit)="submit($event)">
      <textarea
        data-testid="composer-input"
        rows="2"
        [placeholder]="i18n.t('composer.placeholder', { name: target() })"
        [attr.aria-label]="i18n.t('composer.placeholder', { name: target() })"
        [value]="draft()"
        (input)="draft.set($any($event.target).value)"
        (keydown.enter)="enter($any($event))"
      ></textarea>
      <button type="submit" data-testid="composer-send" [disabled]="!draft().trim()">
        {{ i18n.t('composer.send') }}
      </button>
    </form>
  `,
})
export class Composer {
  protected readonly i18n = inject(I18n);
  readonly target = input.required<string>();
  readonly send = output<string>();
  protected readonly draft = signal('');

  protected enter(event: KeyboardEvent): void {
    if (event.shiftKey || event.isComposing) return; // IME composition: Enter picks a candidate
    this.submit(event);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const text = this.draft().trim();
    if (!text) return;
    this.send.emit(text);
    this.draft.set('');
  }
}
