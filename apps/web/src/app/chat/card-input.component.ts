import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import type { CardInput } from '../api/models';
import { I18n } from '../i18n/i18n.service';

/**
 * One input of a card — a select or a (multi-line) text box — with its label and, after a
 * refused click, the problem beside it (tied to the control by aria-describedby, so a screen
 * reader reads it with the field).
 */
@Component({
  selector: 'td-card-input',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'card-input' },
  template: `
    @let field = input();
    <label [for]="controlId()">
      {{ field.label }}
      @if (field.required) {
        <span class="muted">{{ i18n.t('card.required') }}</span>
      }
    </label>
    @switch (field.type) {
      @case ('select') {
        <select
          [id]="controlId()"
          [attr.data-testid]="'card-input-' + field.id"
          [attr.aria-invalid]="problem() ? 'true' : null"
          [attr.aria-describedby]="problem() ? problemId() : null"
          [attr.aria-required]="field.required ? 'true' : null"
          (change)="changed.emit(valueOf($event))"
        >
          <option value="" [selected]="value() === ''">
            {{ field.placeholder ?? i18n.t('card.choose') }}
          </option>
          @for (option of field.options; track option.value) {
            <option [value]="option.value" [selected]="value() === option.value">
              {{ option.label }}
            </option>
          }
        </select>
      }
      @case ('text') {
        @if (field.multiline) {
          <textarea
            rows="3"
            [id]="controlId()"
            [attr.data-testid]="'card-input-' + field.id"
            [attr.placeholder]="field.placeholder ?? null"
            [attr.maxlength]="field.maxLength ?? null"
            [attr.aria-invalid]="problem() ? 'true' : null"
            [attr.aria-describedby]="problem() ? problemId() : null"
            [attr.aria-required]="field.required ? 'true' : null"
            [value]="value()"
            (input)="changed.emit(valueOf($event))"
          ></textarea>
        } @else {
          <input
            type="text"
            [id]="controlId()"
            [attr.data-testid]="'card-input-' + field.id"
            [attr.placeholder]="field.placeholder ?? null"
            [attr.maxlength]="field.maxLength ?? null"
            [attr.aria-invalid]="problem() ? 'true' : null"
            [attr.aria-describedby]="problem() ? problemId() : null"
            [attr.aria-required]="field.required ? 'true' : null"
            [value]="value()"
            (input)="changed.emit(valueOf($event))"
          />
        }
      }
    }
    @if (problem(); as text) {
      <p class="problem" role="alert" [id]="problemId()" data-testid="card-problem">{{ text }}</p>
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 0.15rem;
      font-size: 0.85rem;
    }
    select,
    input,
    textarea {
      font: inherit;
      padding: 0.3rem 0.45rem;
      border: 1px solid var(--muted);
      border-radius: 5px;
      background: var(--panel);
      color: var(--text);
    }
    [aria-invalid='true'] {
      border-color: var(--danger);
    }
    :focus-visible {
      outline: 2px solid var(--accent);
      outline-offset: 1px;
    }
    .problem {
      margin: 0;
      color: var(--danger);
    }
  `,
})
export class CardInputControl {
  protected readonly i18n = inject(I18n);
  readonly input = input.required<CardInput>();
  /** The control's element id (unique on the page: one message can be drawn twice). */
  readonly controlId = input.required<string>();
  readonly value = input('');
  readonly problem = input<string | null>(null);
  readonly changed = output<string>();

  protected problemId(): string {
    return `${this.controlId()}-problem`;
  }

  protected valueOf(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value;
  }
}
