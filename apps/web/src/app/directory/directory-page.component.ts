import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { Router } from '@angular/router';
import { AuthService } from '../auth/auth.service';
import { SignIn } from '../auth/sign-in.component';
import { I18n } from '../i18n/i18n.service';
import { DepartmentTree } from './department-tree.component';
import { departmentPath } from './department-tree';
import { DirectoryApi, type OrgUnit, type Person, type PresenceView } from './directory-api';
import { ProfileCard } from './profile-card.component';
import { ScreenHeader } from './screen-header.component';
import { reasonOf } from '../api/api-client';
import { adminEn, adminZhCN } from '../i18n/strings/admin';
import { directoryEn, directoryZhCN } from '../i18n/strings/directory';
import { registerStrings } from '../i18n/translations';

// This screen's strings travel in its own chunk (translations.ts).
registerStrings({ en: adminEn, 'zh-CN': adminZhCN });
registerStrings({ en: directoryEn, 'zh-CN': directoryZhCN });

/** How long typing pauses before the search runs: one request per pause, not per key. */
const SEARCH_DELAY_MS = 250;

/**
 * `/directory`: the department tree, the people of the chosen department or of a search,
 * and a profile card with presence and a "Message" button. Signed out, the sign-in page.
 */
@Component({
  selector: 'td-directory-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SignIn, ScreenHeader, DepartmentTree, ProfileCard],
  styles: `
    .screen {
      display: grid;
      grid-template-rows: auto 1fr;
      height: 100vh;
    }
    .columns {
      display: grid;
      grid-template-columns: minmax(14rem, 18rem) minmax(16rem, 1fr) minmax(18rem, 24rem);
      min-height: 0;
    }
    .columns > * {
      min-height: 0;
      overflow-y: auto;
      padding: 1rem;
    }
    .departments {
      background: #fff;
      border-right: 1px solid #e3e6ea;
    }
    h1 {
      font-size: 1.3rem;
      margin: 0 0 0.75rem;
    }
    h2 {
      font-size: 1rem;
      margin: 0 0 0.5rem;
    }
    .search {
      display: flex;
      gap: 0.5rem;
      margin-bottom: 1rem;
    }
    .search input {
      flex: 1;
      padding: 0.5rem 0.7rem;
      border: 1px solid #9ca3af;
      border-radius: 6px;
      font: inherit;
    }
    .people {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 0.25rem;
    }
    .person {
      width: 100%;
      text-align: left;
      display: grid;
      gap: 0.1rem;
      padding: 0.5rem 0.7rem;
      border: 1px solid transparent;
      border-radius: 8px;
      background: #fff;
      color: inherit;
    }
    .person:hover {
      border-color: #c7d2e5;
    }
    .person[aria-pressed='true'] {
      border-color: #2f6fde;
      background: #eef4ff;
    }
    .person small {
      color: #4b5563;
    }
    .error {
      color: #b91c1c;
    }
    .muted {
      color: #4b5563;
    }
    .more {
      margin-top: 0.75rem;
    }
  `,
  template: `
    @if (auth.signedIn()) {
      <div class="screen">
        <td-screen-header current="directory" />
        <main class="columns" data-testid="directory-page">
          <section class="departments" aria-labelledby="departments-heading">
            <h1 id="departments-heading">{{ i18n.t('directory.heading') }}</h1>
            <h2>{{ i18n.t('directory.tree.heading') }}</h2>
            @if (loadingTree()) {
              <p class="muted">{{ i18n.t('app.loading') }}</p>
            } @else {
              <td-department-tree
                [units]="units()"
                [selectedId]="mode() === 'department' ? selectedUnitId() : null"
                (selectUnit)="chooseDepartment($event)"
              />
            }
          </section>
          <section aria-labelledby="people-heading">
            <form class="search" role="search" (submit)="$event.preventDefault(); searchNow()">
              <label class="visually-hidden" for="people-search">{{
                i18n.t('directory.search.label')
              }}</label>
              <input
                id="people-search"
                type="search"
                data-testid="people-search"
                autocomplete="off"
                [placeholder]="i18n.t('directory.search.placeholder')"
                [value]="query()"
                (input)="typed($event)"
              />
            </form>
            <h2 id="people-heading" data-testid="people-heading">{{ peopleHeading() }}</h2>
            @if (error(); as reason) {
              <p class="error" role="alert">{{ i18n.t('error.generic', { reason }) }}</p>
            }
            @if (loadingPeople()) {
              <p class="muted" role="status">{{ i18n.t('app.loading') }}</p>
            } @else if (people().length === 0 && mode() !== 'none') {
              <p class="muted" data-testid="people-empty">{{ i18n.t('directory.people.empty') }}</p>
            } @else if (mode() === 'none') {
              <p class="muted">{{ i18n.t('directory.people.hint') }}</p>
            }
            <ul class="people" data-testid="people">
              @for (person of people(); track person.id) {
                <li>
                  <button
                    type="button"
                    class="person"
                    data-testid="person"
                    [attr.aria-pressed]="person.id === selectedPerson()?.id"
                    (click)="choosePerson(person)"
                  >
                    <span>{{ person.displayName }}</span>
                    <small
                      >&#64;{{ person.username
                      }}{{ person.title ? ' · ' + person.title : '' }}</small
                    >
                  </button>
                </li>
              }
            </ul>
            @if (nextCursor()) {
              <button
                type="button"
                class="more link"
                data-testid="people-more"
                (click)="loadMore()"
              >
                {{ i18n.t('directory.people.more') }}
              </button>
            }
          </section>
          <aside [attr.aria-label]="i18n.t('directory.profile.label')">
            @if (selectedPerson(); as person) {
              <td-profile-card
                [person]="person"
                [presence]="presence()"
                [departmentPath]="pathOf(person)"
                [isMe]="person.id === auth.user()?.id"
                [opening]="opening()"
                (messagePerson)="message($event)"
              />
              @if (messageError(); as reason) {
                <p class="error" role="alert">
                  {{ i18n.t('directory.profile.messageFailed', { reason }) }}
                </p>
              }
            } @else {
              <p class="muted">{{ i18n.t('directory.profile.none') }}</p>
            }
          </aside>
        </main>
      </div>
    } @else {
      <td-sign-in />
    }
  `,
})
export class DirectoryPage {
  protected readonly i18n = inject(I18n);
  protected readonly auth = inject(AuthService);
  private readonly api = inject(DirectoryApi);
  private readonly router = inject(Router);

  protected readonly units = signal<OrgUnit[]>([]);
  protected readonly loadingTree = signal(false);
  protected readonly selectedUnitId = signal<string | null>(null);
  /** What the middle column lists: a department's people, search results, or nothing yet. */
  protected readonly mode = signal<'none' | 'department' | 'search'>('none');
  protected readonly query = signal('');
  protected readonly people = signal<Person[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loadingPeople = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly selectedPerson = signal<Person | null>(null);
  protected readonly presence = signal<PresenceView | null>(null);
  protected readonly opening = signal(false);
  protected readonly messageError = signal<string | null>(null);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** Answers to an older request are dropped: only the latest list may fill the column. */
  private listRequest = 0;

  protected readonly peopleHeading = computed(() => {
    if (this.mode() === 'search')
      return this.i18n.t('directory.search.results', { query: this.query().trim() });
    const unit = this.units().find((u) => u.id === this.selectedUnitId());
    return unit ? unit.path.join(' › ') : this.i18n.t('directory.people.heading');
  });

  constructor() {
    effect(() => {
      if (this.auth.signedIn()) untracked(() => void this.loadTree());
    });
  }

  protected pathOf(person: Person): string | null {
    return departmentPath(this.units(), person.orgUnitId);
  }

  protected async chooseDepartment(id: string): Promise<void> {
    this.selectedUnitId.set(id);
    this.mode.set('department');
    this.query.set('');
    await this.list(() => this.api.members(id, { recursive: true }));
  }

  protected typed(event: Event): void {
    this.query.set((event.target as HTMLInputElement).value);
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.searchNow(), SEARCH_DELAY_MS);
  }

  protected async searchNow(): Promise<void> {
    clearTimeout(this.searchTimer);
    const text = this.query().trim();
    if (!text) {
      // An empty box goes back to the department that was showing, if any.
      const unit = this.selectedUnitId();
      if (unit) return this.chooseDepartment(unit);
      this.mode.set('none');
      this.people.set([]);
      return;
    }
    this.mode.set('search');
    await this.list(async () => ({ items: await this.api.search(text), nextCursor: null }));
  }

  protected async loadMore(): Promise<void> {
    const cursor = this.nextCursor();
    const unit = this.selectedUnitId();
    if (!cursor || !unit) return;
    const request = ++this.listRequest;
    try {
      const page = await this.api.members(unit, { recursive: true, cursor });
      if (request !== this.listRequest) return;
      this.people.set([...this.people(), ...page.items]);
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      this.error.set(reasonOf(error));
    }
  }

  protected async choosePerson(person: Person): Promise<void> {
    this.selectedPerson.set(person);
    this.presence.set(null);
    this.messageError.set(null);
    try {
      const view = await this.api.presenceOf(person.id);
      if (this.selectedPerson()?.id === person.id) this.presence.set(view);
    } catch {
      // Presence is a nicety on the card: without it the person shows as offline.
    }
  }

  protected async message(person: Person): Promise<void> {
    this.opening.set(true);
    this.messageError.set(null);
    try {
      const id = await this.api.openDirect(person.id);
      await this.router.navigate(['/c', id]);
    } catch (error) {
      this.messageError.set(reasonOf(error));
    } finally {
      this.opening.set(false);
    }
  }

  private async loadTree(): Promise<void> {
    this.loadingTree.set(true);
    try {
      this.units.set(await this.api.departments());
    } catch (error) {
      this.error.set(reasonOf(error));
    } finally {
      this.loadingTree.set(false);
    }
  }

  private async list(load: () => Promise<{ items: Person[]; nextCursor: string | null }>) {
    const request = ++this.listRequest;
    this.loadingPeople.set(true);
    this.error.set(null);
    try {
      const page = await load();
      if (request !== this.listRequest) return;
      this.people.set(page.items);
      this.nextCursor.set(page.nextCursor);
    } catch (error) {
      if (request === this.listRequest) {
        this.people.set([]);
        this.nextCursor.set(null);
        this.error.set(reasonOf(error));
      }
    } finally {
      if (request === this.listRequest) this.loadingPeople.set(false);
    }
  }
}
