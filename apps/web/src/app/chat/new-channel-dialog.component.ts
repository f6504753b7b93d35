import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { Router } from '@angular/router';
import type { DirectoryPerson } from '../api/models';
import { I18n } from '../i18n/i18n.service';
import { ChatStore } from './chat.store';
import { PeoplePicker } from './people-picker.component';

/** "New channel": a name, public or private, and the first members picked by name. */
@Component({
  selector: 'td-new-channel-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [PeoplePicker],
  template: `
    <div class="modal-backdrop" (click)="closed.emit()" aria-hidden="true"></div>
    <div
      class="modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby="new-channel-title"
      data-testid="new-channel-dialog"
      (keydown.escape)="closed.emit()"
    >
      <form (submit)="create($event)">
        <h2 id="new-channel-title">{{ i18n.t('newChannel.title') }}</h2>
        <label for="new-channel-name">{{ i18n.t('newChannel.name') }}</label>
        <input
          #nameInput
          id="new-channel-name"
          data-testid="channel-name"
          maxlength="80"
          autocomplete="off"
          [value]="name()"
          (input)="name.set($any($event.target).value)"
        />
        <fieldset>
          <legend>{{ i18n.t('newChannel.visibility') }}</legend>
          <label>
            <input
              type="radio"
              name="visibility"
              value="public"
              data-testid="visibility-public"
              [checked]="visibility() === 'public'"
              (change)="visibility.set('public')"
            />
            {{ i18n.t('newChannel.public') }}
          </label>
          <label>
            <input
              type="radio"
              name="visibility"
              value="private"
              data-testid="visibility-private"
              [checked]="visibility() === 'private'"
              (change)="visibility.set('private')"
            />
            {{ i18n.t('newChannel.private') }}
          </label>
        </fieldset>
        <label for="new-channel-people">{{ i18n.t('newChannel.members') }}</label>
        <td-people-picker
          inputId="new-channel-people"
          [(picked)]="members"
          [exclude]="store.myId() ? [store.myId()!] : []"
        />
        @if (problem(); as problem) {
          <p class="error" role="alert">{{ problem }}</p>
        }
        <div class="modal-actions">
          <button type="button" class="link" (click)="closed.emit()">
            {{ i18n.t('dialog.cancel') }}
          </button>
          <button type="submit" class="primary" data-testid="create-channel" [disabled]="busy()">
            {{ i18n.t('newChannel.create') }}
          </button>
        </div>
      </form>
    </div>
  `,
})
export class NewChannelDialog {
  protected readonly i18n = inject(I18n);
  protected readonly store = inject(ChatStore);
  private readonly router = inject(Router);
  readonly closed = output<void>();
  protected readonly name = signal('');
  protected readonly visibility = signal<'public' | 'private'>('private');
  protected readonly members = signal<DirectoryPerson[]>([]);
  protected readonly problem = signal<string | null>(null);
  protected readonly busy = signal(false);
  private readonly nameInput = viewChild.required<ElementRef<HTMLInputElement>>('nameInput');

  constructor() {
    // A dialog takes the focus to its first field, so keyboard users start there.
    afterNextRender(() => this.nameInput().nativeElement.focus());
  }

  protected async create(event: Event): Promise<void> {
    event.preventDefault();
    const name = this.name().trim();
    if (!name) return this.problem.set(this.i18n.t('newChannel.nameRequired'));
    this.busy.set(true);
    this.problem.set(null);
    try {
      const channel = await this.store.createChannel(
        name,
        this.visibility(),
        this.members().map((p) => p.id),
      );
      this.closed.emit();
      await this.router.navigate(['/c', channel.id]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.problem.set(this.i18n.t('newChannel.failed', { reason }));
    } finally {
      this.busy.set(false);
    }
  }
}
