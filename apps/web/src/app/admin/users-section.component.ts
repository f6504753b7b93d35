import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { DirectoryApi, type OrgUnit, type Person } from '../directory/directory-api';
import { reasonOf } from '../api/api-client';
import { I18n } from '../i18n/i18n.service';
import type { TranslationKey } from '../i18n/translations';
import { AdminAccess } from './admin-access';
import { AdminApi } from './admin-api';
import { SECTION_STYLES } from './admin-styles';
import { checkLocalPerson, EMPTY_FORM, type LocalPersonForm } from './local-person-form';
import { PasswordPanel } from './password-panel.component';

/**
 * Users: find people (by search, or a department's people including deactivated ones),
 * create a local person and give them a sign-in password (set or reset), deactivate /
 * reactivate local people, sign anyone out everywhere. People from LDAP follow the directory,
 * so their status and password are not edited here.
 */
@Component({
  selector: 'td-admin-users',
  imports: [PasswordPanel],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: SECTION_STYLES,
  template: `
    <h2>{{ i18n.t('admin.section.users') }}</h2>

    <section class="panel" aria-labelledby="find-people">
      <h3 id="find-people">{{ i18n.t('admin.users.find') }}</h3>
      <form class="row" role="search" (submit)="$event.preventDefault(); find()">
        <label class="field">
          <span>{{ i18n.t('admin.users.query') }}</span>
          <input
            type="search"
            name="query"
            data-testid="admin-users-query"
            autocomplete="off"
            [value]="query()"
            (input)="query.set(value($event))"
          />
        </label>
        <label class="field">
          <span>{{ i18n.t('admin.users.department') }}</span>
          <select data-testid="admin-users-department" (change)="department.set(value($event))">
            <option value="">{{ i18n.t('admin.users.anyDepartment') }}</option>
            @for (unit of units(); track unit.id) {
              <option [value]="unit.id" [selected]="unit.id === department()">
                {{ unit.path.join(' › ') }}
              </option>
            }
          </select>
        </label>
        <button type="submit" class="primary" data-testid="admin-users-find">
          {{ i18n.t('admin.users.findButton') }}
        </button>
      </form>
      <p class="hint">{{ i18n.t('admin.users.findHint') }}</p>
    </section>

    @if (notice(); as text) {
      <p class="ok" role="status" data-testid="admin-users-notice">{{ text }}</p>
    }
    @if (error(); as reason) {
      <p class="error" role="alert" data-testid="admin-users-error">
        {{ i18n.t('error.generic', { reason }) }}
      </p>
    }

    @if (passwordFor(); as person) {
      <td-admin-password
        [person]="person"
        (done)="passwordSet($event)"
        (closed)="passwordFor.set(null)"
      />
    }

    @if (searched()) {
      @if (people().length === 0) {
        <p class="muted">{{ i18n.t('admin.users.none') }}</p>
      } @else {
        <table data-testid="admin-users-table">
          <caption class="visually-hidden">
            {{
              i18n.t('admin.users.tableCaption')
            }}
          </caption>
          <thead>
            <tr>
              <th scope="col">{{ i18n.t('admin.users.col.name') }}</th>
              <th scope="col">{{ i18n.t('admin.users.col.username') }}</th>
              <th scope="col">{{ i18n.t('admin.users.col.source') }}</th>
              <th scope="col">{{ i18n.t('admin.users.col.status') }}</th>
              <th scope="col">{{ i18n.t('admin.users.col.actions') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (person of people(); track person.id) {
              <tr data-testid="admin-user" [attr.data-username]="person.username">
                <td>{{ person.displayName }}</td>
                <td>{{ person.username }}</td>
                <td>
                  {{
                    i18n.t(
                      person.source === 'ldap'
                        ? 'admin.users.source.ldap'
                        : 'admin.users.source.local'
                    )
                  }}
                </td>
                <td>
                  <span
                    class="tag"
                    [class.deactivated]="person.status !== 'active'"
                    data-testid="admin-user-status"
                    >{{
                      i18n.t(
                        person.status === 'active'
                          ? 'admin.users.status.active'
                          : 'admin.users.status.deactivated'
                      )
                    }}</span
                  >
                </td>
                <td>
                  <div class="actions">
                    @if (person.source === 'local') {
                      @if (person.status === 'active') {
                        <button
                          type="button"
                          class="secondary"
                          data-testid="admin-user-deactivate"
                          [disabled]="busy() === person.id"
                          (click)="deactivate(person)"
                        >
                          {{ i18n.t('admin.users.deactivate') }}
                        </button>
                      } @else {
                        <button
                          type="button"
                          class="secondary"
                          data-testid="admin-user-reactivate"
                          [disabled]="busy() === person.id"
                          (click)="reactivate(person)"
                        >
                          {{ i18n.t('admin.users.reactivate') }}
                        </button>
                      }
                      @if (access.canRevokeSessions()) {
                        <button
                          type="button"
                          class="secondary"
                          data-testid="admin-user-password"
                          [disabled]="busy() === person.id"
                          (click)="passwordFor.set(person)"
                        >
                          {{ i18n.t('admin.password.open') }}
                        </button>
                      }
                    } @else {
                      <span class="hint">{{ i18n.t('admin.users.managedByLdap') }}</span>
                    }
                    @if (access.canRevokeSessions()) {
                      <button
                        type="button"
                        class="secondary"
                        data-testid="admin-user-revoke"
                        [disabled]="busy() === person.id"
                        (click)="revoke(person)"
                      >
                        {{ i18n.t('admin.users.revoke') }}
                      </button>
                    }
                  </div>
                </td>
              </tr>
            }
          </tbody>
        </table>
      }
    }

    <section class="panel" aria-labelledby="new-person">
      <h3 id="new-person">{{ i18n.t('admin.users.create') }}</h3>
      <form (submit)="$event.preventDefault(); create()" novalidate>
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('admin.users.form.username') }}</span>
            <input
              name="username"
              data-testid="new-user-username"
              autocomplete="off"
              [value]="form().username"
              [attr.aria-invalid]="invalid('username')"
              (input)="set('username', $event)"
            />
          </label>
          <label class="field">
            <span>{{ i18n.t('admin.users.form.displayName') }}</span>
            <input
              name="displayName"
              data-testid="new-user-display-name"
              autocomplete="off"
              [value]="form().displayName"
              [attr.aria-invalid]="invalid('displayName')"
              (input)="set('displayName', $event)"
            />
          </label>
        </div>
        <div class="row">
          <label class="field">
            <span>{{ i18n.t('admin.users.form.email') }}</span>
            <input
              name="email"
              type="email"
              data-testid="new-user-email"
              autocomplete="off"
              [value]="form().email"
              [attr.aria-invalid]="invalid('email')"
              (input)="set('email', $event)"
            />
          </label>
          <label class="field">
            <span>{{ i18n.t('admin.users.form.title') }}</span>
            <input
              name="title"
              data-testid="new-user-title"
              autocomplete="off"
              [value]="form().title"
              (input)="set('title', $event)"
            />
          </label>
          <label class="field">
            <span>{{ i18n.t('admin.users.department') }}</span>
            <select data-testid="new-user-department" (change)="set('orgUnitId', $event)">
              <option value="" [selected]="form().orgUnitId === ''">
                {{ i18n.t('admin.users.noDepartment') }}
              </option>
              @for (unit of units(); track unit.id) {
                <option [value]="unit.id" [selected]="unit.id === form().orgUnitId">
                  {{ unit.path.join(' › ') }}
                </option>
              }
            </select>
          </label>
        </div>
        @if (problems().length > 0) {
          <ul class="error" role="alert" data-testid="new-user-problems">
            @for (problem of problems(); track problem) {
              <li>{{ i18n.t(problem) }}</li>
            }
          </ul>
        }
        <p class="hint">{{ i18n.t('admin.users.createHint') }}</p>
        <button type="submit" class="primary" data-testid="new-user-create" [disabled]="creating()">
          {{ i18n.t('admin.users.createButton') }}
        </button>
      </form>
    </section>
  `,
})
export class UsersSection {
  protected readonly i18n = inject(I18n);
  protected readonly access = inject(AdminAccess);
  private readonly api = inject(AdminApi);
  private readonly directory = inject(DirectoryApi);

  protected readonly units = signal<OrgUnit[]>([]);
  protected readonly query = signal('');
  protected readonly department = signal('');
  protected readonly people = signal<Person[]>([]);
  protected readonly searched = signal(false);
  protected readonly busy = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly form = signal<LocalPersonForm>(EMPTY_FORM);
  protected readonly problems = signal<TranslationKey[]>([]);
  private readonly invalidFields = signal<ReadonlySet<keyof LocalPersonForm>>(new Set());
  protected readonly creating = signal(false);
  /** The local person whose sign-in password is being set, if any. */
  protected readonly passwordFor = signal<Person | null>(null);

  constructor() {
    void this.directory.departments().then(
      (units) =>
        this.units.set([...units].sort((a, b) => a.path.join('/').localeCompare(b.path.join('/')))),
      (error: unknown) => this.error.set(reasonOf(error)),
    );
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  protected invalid(field: keyof LocalPersonForm): 'true' | null {
    return this.invalidFields().has(field) ? 'true' : null;
  }

  protected set(field: keyof LocalPersonForm, event: Event): void {
    this.form.set({ ...this.form(), [field]: this.value(event) });
  }

  /** A search lists active people; a department alone lists all of it, deactivated too. */
  protected async find(): Promise<void> {
    const text = this.query().trim();
    const unit = this.department();
    this.error.set(null);
    this.notice.set(null);
    if (!text && !unit) {
      this.error.set(this.i18n.t('admin.users.findEmpty'));
      return;
    }
    try {
      const found = text
        ? await this.api.searchPeople(text)
        : (await this.api.peopleOf(unit)).items;
      this.people.set(unit && text ? found.filter((p) => p.orgUnitId === unit) : found);
      this.searched.set(true);
    } catch (error) {
      this.error.set(reasonOf(error));
    }
  }

  protected deactivate(person: Person): Promise<void> {
    return this.act(person, () => this.api.deactivate(person.id), 'admin.users.deactivated');
  }

  protected reactivate(person: Person): Promise<void> {
    return this.act(person, () => this.api.reactivate(person.id), 'admin.users.reactivated');
  }

  protected revoke(person: Person): Promise<void> {
    return this.act(
      person,
      async () => (await this.api.revokeSessions(person.id), person),
      'admin.users.revoked',
    );
  }

  protected async create(): Promise<void> {
    const check = checkLocalPerson(this.form());
    this.notice.set(null);
    this.error.set(null);
    if (!check.ok) {
      this.problems.set(check.problems.map((p) => p.message));
      this.invalidFields.set(new Set(check.problems.map((p) => p.field)));
      return;
    }
    this.problems.set([]);
    this.invalidFields.set(new Set());
    this.creating.set(true);
    try {
      const person = await this.api.createPerson(check.person);
      this.people.set([person, ...this.people().filter((p) => p.id !== person.id)]);
      this.searched.set(true);
      this.form.set(EMPTY_FORM);
      this.notice.set(
        this.i18n.t('admin.users.created', { name: person.displayName, username: person.username }),
      );
      // A new local person cannot sign in until they have a password: offer it at once.
      if (this.access.canRevokeSessions()) this.passwordFor.set(person);
    } catch (error) {
      this.error.set(reasonOf(error));
    } finally {
      this.creating.set(false);
    }
  }

  protected passwordSet(outcome: string): void {
    this.passwordFor.set(null);
    this.error.set(null);
    this.notice.set(outcome);
  }

  private async act(person: Person, action: () => Promise<Person>, done: TranslationKey) {
    this.busy.set(person.id);
    this.notice.set(null);
    this.error.set(null);
    try {
      const updated = await action();
      this.people.set(this.people().map((p) => (p.id === updated.id ? updated : p)));
      this.notice.set(this.i18n.t(done, { name: person.displayName }));
    } catch (error) {
      this.error.set(reasonOf(error));
    } finally {
      this.busy.set(null);
    }
  }
}
