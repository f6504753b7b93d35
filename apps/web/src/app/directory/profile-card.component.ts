import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import type { Person, PresenceView } from './directory-api';
import { presenceKey, statusLine } from './presence-label';

/** One person: name, username, department, title and contacts, presence, and "Message". */
@Component({
  selector: 'td-profile-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    article {
      background: #fff;
      border: 1px solid #e3e6ea;
      border-radius: 12px;
      padding: 1.25rem;
      display: grid;
      gap: 0.75rem;
    }
    .who {
      display: flex;
      gap: 0.9rem;
      align-items: center;
    }
    .avatar {
      position: relative;
      width: 3.5rem;
      height: 3.5rem;
      border-radius: 50%;
      background: #2f6fde;
      color: #fff;
      display: grid;
      place-items: center;
      font-size: 1.4rem;
      flex: none;
    }
    .avatar img {
      width: 100%;
      height: 100%;
      border-radius: 50%;
      object-fit: cover;
    }
    .dot {
      position: absolute;
      right: 0;
      bottom: 0;
      width: 0.9rem;
      height: 0.9rem;
      border-radius: 50%;
      border: 2px solid #fff;
      background: #9ca3af;
    }
    .dot.online {
      background: #16a34a;
    }
    .dot.away {
      background: #d97706;
    }
    .dot.dnd {
      background: #dc2626;
    }
    h2 {
      margin: 0;
      font-size: 1.25rem;
    }
    p {
      margin: 0;
    }
    dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0.35rem 0.9rem;
      margin: 0;
    }
    dt {
      color: #4b5563;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .muted {
      color: #4b5563;
    }
  `,
  template: `
    <article data-testid="profile-card" [attr.aria-labelledby]="'profile-name-' + person().id">
      <div class="who">
        <div class="avatar" aria-hidden="true">
          @if (person().avatarUrl) {
            <img [src]="person().avatarUrl" alt="" />
          } @else {
            {{ initial() }}
          }
          <span [class]="'dot ' + state()"></span>
        </div>
        <div>
          <h2 [id]="'profile-name-' + person().id" data-testid="profile-name">
            {{ person().displayName }}
          </h2>
          <p class="muted" data-testid="profile-username">&#64;{{ person().username }}</p>
          <p data-testid="profile-presence">
            {{ i18n.t(stateKey()) }}
            @if (status(); as line) {
              · <span data-testid="profile-status">{{ line }}</span>
            }
          </p>
        </div>
      </div>
      <dl>
        <dt>{{ i18n.t('directory.profile.department') }}</dt>
        <dd data-testid="profile-department">
          {{ departmentPath() ?? i18n.t('directory.profile.noDepartment') }}
        </dd>
        @if (person().title; as title) {
          <dt>{{ i18n.t('directory.profile.title') }}</dt>
          <dd data-testid="profile-title">{{ title }}</dd>
        }
        @if (person().email; as email) {
          <dt>{{ i18n.t('directory.profile.email') }}</dt>
          <dd>
            <a [href]="'mailto:' + email" data-testid="profile-email">{{ email }}</a>
          </dd>
        }
        @if (person().phone; as phone) {
          <dt>{{ i18n.t('directory.profile.phone') }}</dt>
          <dd>{{ phone }}</dd>
        }
      </dl>
      @if (isMe()) {
        <p class="muted">{{ i18n.t('directory.profile.you') }}</p>
      } @else {
        <div>
          <button
            type="button"
            class="primary"
            data-testid="profile-message"
            [disabled]="opening()"
            (click)="messagePerson.emit(person())"
          >
            {{ i18n.t('directory.profile.message') }}
          </button>
        </div>
      }
    </article>
  `,
})
export class ProfileCard {
  protected readonly i18n = inject(I18n);
  readonly person = input.required<Person>();
  readonly presence = input<PresenceView | null>(null);
  readonly departmentPath = input<string | null>(null);
  readonly isMe = input(false);
  readonly opening = input(false);
  readonly messagePerson = output<Person>();

  protected readonly state = computed(() => this.presence()?.state ?? 'offline');
  protected readonly stateKey = computed(() => presenceKey(this.presence()?.state));
  protected readonly status = computed(() => statusLine(this.presence()));
  protected readonly initial = computed(() => [...this.person().displayName][0] ?? '?');
}
