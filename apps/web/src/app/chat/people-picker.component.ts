import {
  ChangeDetectionStrategy,
  Component,
  inject,
  input,
  model,
  OnDestroy,
  signal,
} from '@angular/core';
import { ApiClient } from '../api/api-client';
import type { DirectoryPerson } from '../api/models';
import { I18n } from '../i18n/i18n.service';

const SEARCH_DELAY_MS = 200;

/**
 * Pick people by name: a search box over the directory (`GET /directory/users?q=`, prefix of
 * username or any part of a name) and the picked people as removable chips.
 */
@Component({
  selector: 'td-people-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="people-picker">
      @if (picked().length) {
        <ul class="chips" role="list">
          @for (p of picked(); track p.id) {
            <li class="chip" data-testid="picked-person">
              {{ p.displayName ?? p.username }}
              <button
                type="button"
                class="link"
                [attr.aria-label]="i18n.t('people.remove', { name: p.displayName ?? p.username })"
                (click)="remove(p)"
              >
                ✕
              </button>
            </li>
          }
        </ul>
      }
      <input
        type="search"
        data-testid="people-search"
        autocomplete="off"
        [id]="inputId()"
        [placeholder]="i18n.t('people.search')"
        [value]="query()"
        (input)="search($any($event.target).value)"
      />
      @if (results().length) {
        <ul class="results" role="list">
          @for (p of results(); track p.id) {
            <li>
              <button type="button" data-testid="person-result" (click)="add(p)">
                <strong>{{ p.displayName ?? p.username }}</strong>
                <span class="muted">&#64;{{ p.username }}</span>
              </button>
            </li>
          }
        </ul>
      } @else if (noMatch()) {
        <p class="muted">{{ i18n.t('people.noMatch', { query: query() }) }}</p>
      }
    </div>
  `,
})
export class PeoplePicker implements OnDestroy {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(ApiClient);
  /** The people picked so far (two-way: `[(picked)]`). */
  readonly picked = model<DirectoryPerson[]>([]);
  /** Ids not to offer (the signed-in person, existing members). */
  readonly exclude = input<readonly string[]>([]);
  readonly inputId = input('people-search');
  protected readonly query = signal('');
  protected readonly results = signal<DirectoryPerson[]>([]);
  protected readonly noMatch = signal(false);
  private timer: ReturnType<typeof setTimeout> | undefined;

  protected search(text: string): void {
    this.query.set(text);
    clearTimeout(this.timer);
    this.noMatch.set(false);
    const q = text.trim();
    if (!q) return this.results.set([]);
    this.timer = setTimeout(async () => {
      const page = await this.api
        .get<{ items: DirectoryPerson[] }>(`/directory/users?q=${encodeURIComponent(q)}&limit=10`)
        .catch(() => ({ items: [] }));
      if (this.query().trim() !== q) return; // typed on meanwhile
      const skip = new Set([...this.exclude(), ...this.picked().map((p) => p.id)]);
      const found = page.items.filter((p) => !skip.has(p.id));
      this.results.set(found);
      this.noMatch.set(found.length === 0);
    }, SEARCH_DELAY_MS);
  }

  protected add(person: DirectoryPerson): void {
    this.picked.update((list) => [...list, person]);
    this.results.set([]);
    this.query.set('');
  }

  protected remove(person: DirectoryPerson): void {
    this.picked.update((list) => list.filter((p) => p.id !== person.id));
  }

  ngOnDestroy(): void {
    clearTimeout(this.timer);
  }
}
