import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { Conversation } from '../api/models';
import { I18n } from '../i18n/i18n.service';
import { CallIcon } from './call-icon.component';
import { CallWatch } from './call-watch';

/**
 * The conversation header's call buttons: start an audio or a video call, or join the one
 * going on. Off while this tab is in a call (one at a time) or there is no one to call.
 */
@Component({
  selector: 'td-call-buttons',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CallIcon],
  template: `
    @if (joinable(); as call) {
      <button type="button" class="link" data-testid="call-join" (click)="watch.join(call.id)">
        <td-call-icon [media]="call.media" />
        {{ i18n.t('calls.join') }}
        <span class="visually-hidden">({{ mediaName() }})</span>
      </button>
    } @else {
      <button
        type="button"
        class="link"
        data-testid="call-start-audio"
        [disabled]="!canCall()"
        [attr.aria-label]="i18n.t('calls.startAudio')"
        [title]="i18n.t('calls.startAudio')"
        (click)="watch.start(conversation().id, 'audio')"
      >
        <td-call-icon media="audio" />
      </button>
      <button
        type="button"
        class="link"
        data-testid="call-start-video"
        [disabled]="!canCall()"
        [attr.aria-label]="i18n.t('calls.startVideo')"
        [title]="i18n.t('calls.startVideo')"
        (click)="watch.start(conversation().id, 'video')"
      >
        <td-call-icon media="video" />
      </button>
    }
  `,
})
export class CallButtons {
  protected readonly i18n = inject(I18n);
  protected readonly watch = inject(CallWatch);
  readonly conversation = input.required<Conversation>();

  private readonly ongoing = computed(() => this.watch.ongoingIn(this.conversation().id));
  /** A call going on here that this tab is not in (I declined, left, or it rings elsewhere). */
  protected readonly joinable = computed(() => {
    const call = this.ongoing();
    return call && call.id !== this.watch.activeCallId() && !this.watch.activeCallId()
      ? call
      : null;
  });
  protected readonly mediaName = computed(() =>
    this.i18n.t(this.joinable()?.media === 'video' ? 'calls.media.video' : 'calls.media.audio'),
  );
  protected readonly canCall = computed(
    () => !this.watch.activeCallId() && !this.ongoing() && this.conversation().memberCount > 1,
  );
}
