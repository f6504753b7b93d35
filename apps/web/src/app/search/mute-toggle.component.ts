import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { ApiClient } from '../api/api-client';
import { I18n } from '../i18n/i18n.service';

/**
 * Mute / unmute the open conversation (`PUT /conversations/{id}/mute`): kept by the server
 * for all the person's devices. Emits the new state so the list can show it.
 */
@Component({
  selector: 'td-mute-toggle',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button
      type="button"
      class="link"
      [attr.aria-pressed]="muted()"
      [title]="muted() ? i18n.t('mute.muted') : ''"
      [disabled]="busy()"
      (click)="toggle()"
      data-testid="mute-toggle"
    >
      {{ muted() ? i18n.t('mute.unmute') : i18n.t('mute.mute') }}
    </button>
  `,
})
export class MuteToggle {
  protected readonly i18n = inject(I18n);
  private readonly api = inject(ApiClient);
  readonly conversationId = input.required<string>();
  readonly muted = input(false);
  readonly changed = output<boolean>();
  protected readonly busy = signal(false);

  protected async toggle(): Promise<void> {
    this.busy.set(true);
    try {
      const answer = await this.api.put<{ membership: { muted: boolean } | null }>(
        `/conversations/${this.conversationId()}/mute`,
        { muted: !this.muted() },
      );
      this.changed.emit(answer.membership?.muted ?? false);
    } finally {
      this.busy.set(false);
    }
  }
}
