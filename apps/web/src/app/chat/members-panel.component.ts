import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  output,
  signal,
} from '@angular/core';
import type { DirectoryPerson } from '../api/models';
import { I18n } from '../i18n/i18n.service';
import { ChatStore } from './chat.store';
import { PeoplePicker } from './people-picker.component';

/** The open channel's members (owners first, as the API lists them) and inviting more. */
@Component({
  selector: 'td-members-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PeoplePicker],
  template: `
    <aside
      class="side-panel"
      data-testid="members-panel"
      [attr.aria-label]="i18n.t('members.title')"
    >
      <header class="side-header">
        <h2>{{ i18n.t('members.title') }}</h2>
        <button type="button" class="link" (click)="closed.emit()">
          {{ i18n.t('dialog.close') }}
        </button>
      </header>
      <ul class="member-list" role="list">
        @for (m of store.members(); track m.userId) {
          <li data-testid="member">
            {{ m.displayName ?? m.username }}
            @if (m.role !== 'member') {
              <span class="muted">{{ i18n.t(roleKey(m.role)) }}</span>
            }
          </li>
        }
      </ul>
      @if (store.open()?.kind === 'channel') {
        <form class="invite" (submit)="invite($event)">
          <label for="invite-people">{{ i18n.t('members.invite') }}</label>
          <td-people-picker inputId="invite-people" [(picked)]="picked" [exclude]="memberIds()" />
          @if (problem(); as problem) {
            <p class="error" role="alert">{{ problem }}</p>
          }
          <button
            type="submit"
            class="primary"
            data-testid="invite"
            [disabled]="picked().length === 0"
          >
            {{ i18n.t('members.invite') }}
          </button>
        </form>
      }
    </aside>
  `,
})
export class MembersPanel {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(ChatStore);
  readonly closed = output<void>();
  protected readonly picked = signal<DirectoryPerson[]>([]);
  protected readonly problem = signal<string | null>(null);
  protected readonly memberIds = computed(() => this.store.members().map((m) => m.userId));

  protected roleKey(role: string) {
    return role === 'owner' ? 'members.role.owner' : 'members.role.admin';
  }

  protected async invite(event: Event): Promise<void> {
    event.preventDefault();
    this.problem.set(null);
    try {
      await this.store.invite(this.picked().map((p) => p.id));
      this.picked.set([]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.problem.set(this.i18n.t('members.inviteFailed', { reason }));
    }
  }
}
