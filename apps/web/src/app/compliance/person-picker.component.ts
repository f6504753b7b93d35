import { ChangeDetectionStrategy, Component, inject, input, model, signal } from '@angular/core';
import { ApiClient, reasonOf } from '../api/api-client';
import type { Person } from '../directory/directory-api';
import { I18n } from '../i18n/i18n.service';
import type { TranslationKey } from '../i18n/translations';
import { labelOf, PeopleNames } from './people-names';

/**
 * Chooses people by name from the directory: type part of a name, username or e-mail, pick
 * from the matches; the chosen are listed, each with a remove button. `single` keeps at most
 * one (a legal hold's person).
 */
@Component({
  selector: 'td-person-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .field {
      display: grid;
      gap: 0.2rem;
    }
    .field span {
      font-size: 0.85rem;
      color: #374151;
    }
    input {
      font: inherit;
      padding: 0.45rem 0.6rem;
      border: 1px solid #9ca3af;
      border-radius: 6px;
    }
    input[aria-invalid='true'] {
      border-color: #b91c1c;
    }
    ul {
      list-style: none;
      margin: 0.3rem 0 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.3rem;
    }
    .match {
      background: #fff;
      border: 1px solid #9ca3af;
      border-radius: 6px;
      padding: 0.2rem 0.6rem;
    }
    .chosen li {
      display: flex;
      gap: 0.3rem;
      align-items: center;
      background: #eef2f8;
      border-radius: 999px;
      padding: 0.1rem 0.3rem 0.1rem 0.7rem;
    }
    .remove {
      background: none;
      border: 0;
    }
    .error {
      color: #b91c1c;
    }
  `,
  template: `
    <label class="field">
      <span>{{ i18n.t(label()) }}</span>
      <input
        type="search"
        autocomplete="off"
        [attr.data-testid]="testId() + '-search'"
        [attr.aria-invalid]="invalid() ? 'true' : null"
        [placeholder]="i18n.t('compliance.people.placeholder')"
        [value]="text()"
        (input)="search($any($event.target).value)"
      />
    </label>
    @if (error(); as reason) {
      <p class="error" role="alert">{{ i18n.t('error.generic', { reason }) }}</p>
    }
    @if (matches().length > 0) {
      <ul [attr.aria-label]="i18n.t('compliance.people.matches')">
        @for (person of matches(); track person.id) {
          <li>
            <button
              type="button"
              class="match"
              [attr.data-testid]="testId() + '-match'"
              (click)="add(person)"
            >
              + {{ nameOf(person) }}
            </button>
          </li>
        }
      </ul>
    }
    @if (selected().length > 0) {
      <ul class="chosen" [attr.data-testid]="testId() + '-chosen'">
        @for (id of selected(); track id) {
          <li>
            <span>{{ names.nameOf(id) }}</span>
            <button
              type="button"
              class="remove"
              [attr.aria-label]="i18n.t('compliance.people.remove', { name: names.nameOf(id) })"
              (click)="remove(id)"
            >
              ✕
            </button>
          </li>
        }
      </ul>
    }
  `,
})
export class PersonPicker {
  protected readonly i18n = inject(I18n);
  protected readonly names = inject(PeopleNames);
  private readonly http = inject(ApiClient);

  readonly label = input.required<TranslationKey>();
  readonly testId = input.required<string>();
  readonly single = input(false);
  readonly invalid = input(false);
  /** The chosen people's ids, in the order chosen. */
  readonly selected = model<string[]>([]);

  protected readonly text = signal('');
  protected readonly matches = signal<Person[]>([]);
  protected readonly error = signal<string | null>(null);

  protected nameOf(person: Person): string {
    return labelOf(person);
  }

  protected async search(text: string): Promise<void> {
    this.text.set(text);
    const q = text.trim();
    if (!q) {
      this.matches.set([]);
      return;
    }
    try {
      const query = new URLSearchParams({ q, limit: '8' });
      const page = await this.http.get<{ items: Person[] }>(`/directory/users?${query}`);
      // Typing on: only the answer for what the field says now counts.
      if (this.text().trim() !== q) return;
      this.matches.set(page.items.filter((person) => !this.selected().includes(person.id)));
      this.error.set(null);
    } catch (error) {
      this.error.set(reasonOf(error));
    }
  }

  protected add(person: Person): void {
    this.names.learn(person);
    this.selected.set(this.single() ? [person.id] : [...this.selected(), person.id]);
    this.text.set('');
    this.matches.set([]);
  }

  protected remove(id: string): void {
    this.selected.set(this.selected().filter((chosen) => chosen !== id));
  }
}
