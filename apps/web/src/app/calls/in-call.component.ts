import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  input,
  signal,
} from '@angular/core';
import { PeopleStore } from '../chat/people.store';
import { I18n } from '../i18n/i18n.service';
import { CallIcon } from './call-icon.component';
import { CallControls } from './call-controls.component';
import { formatDuration } from './call-format';
import { CallHealth } from './call-health.component';
import type { CallView } from './call-models';
import { CallSession } from './call-session';
import type { LocalMedia } from './local-media';
import { MediaStreamView } from './media-stream.directive';

/**
 * The call itself: the others' video (or their initial when they send none), our own preview,
 * the elapsed time, the controls and the health panel. It floats over the messages' right
 * side, below the conversation's header, leaving the header and the composer free: the chat stays usable during a call.
 */
@Component({
  selector: 'td-in-call',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CallIcon, CallControls, CallHealth, MediaStreamView],
  styles: `
    .call {
      position: fixed;
      top: 6.5rem;
      right: 1rem;
      z-index: 20;
      width: min(34rem, calc(100vw - 2rem));
      max-height: calc(100vh - 7.5rem);
      overflow: auto;
      padding: 0.75rem;
      border: 1px solid var(--border);
      border-radius: 8px;
      background: var(--panel);
      box-shadow: 0 6px 24px rgb(0 0 0 / 25%);
    }
    header {
      display: flex;
      gap: 0.5rem;
      align-items: baseline;
      margin-bottom: 0.5rem;
    }
    h2 {
      margin: 0;
      font-size: 1rem;
    }
    .tiles {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
      gap: 0.5rem;
      margin-bottom: 0.5rem;
    }
    figure {
      position: relative;
      margin: 0;
      aspect-ratio: 4 / 3;
      overflow: hidden;
      border-radius: 6px;
      background: #1d2129;
      color: #fff;
    }
    video {
      width: 100%;
      height: 100%;
      object-fit: contain;
    }
    .avatar {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      font-size: 2rem;
      background: #2f3a4d;
    }
    figcaption {
      position: absolute;
      left: 0.3rem;
      bottom: 0.3rem;
      padding: 0 0.3rem;
      border-radius: 3px;
      background: rgb(0 0 0 / 55%);
      font-size: 0.8rem;
    }
  `,
  template: `
    <section
      class="call"
      role="region"
      data-testid="in-call"
      [attr.aria-label]="i18n.t('call.region')"
      [attr.data-call-id]="call().id"
      [attr.data-media]="call().media"
    >
      <header>
        <h2>
          <td-call-icon [media]="call().media" />
          {{ i18n.t('call.region') }}
        </h2>
        <span data-testid="call-status" role="status" [attr.data-state]="call().state">{{
          status()
        }}</span>
      </header>
      <div class="tiles">
        @for (peer of session.peers(); track peer.peerId) {
          @let shown = peer.media();
          <figure
            data-testid="call-remote"
            [attr.data-user-id]="peer.peerId"
            [attr.data-video]="shown.video"
            [attr.data-screen]="shown.screen"
          >
            <video [tdMediaStream]="peer.remote()" autoplay playsinline></video>
            @if (!shown.video && !shown.screen) {
              <div class="avatar" aria-hidden="true">{{ initial(peer.peerId) }}</div>
            }
            <figcaption>
              @if (shown.screen) {
                <span data-testid="call-screen-sharing">{{
                  i18n.t('call.screenOf', { name: nameOf(peer.peerId) })
                }}</span>
              } @else {
                {{ nameOf(peer.peerId) }}
              }
              @if (!shown.audio) {
                · {{ i18n.t('call.muted') }}
              }
            </figcaption>
          </figure>
        }
        <figure data-testid="call-local-preview">
          <video [tdMediaStream]="local().preview()" [muted]="true" autoplay playsinline></video>
          @if (!local().preview()) {
            <div class="avatar" aria-hidden="true">{{ i18n.t('call.you') }}</div>
          }
          <figcaption>
            {{ i18n.t('call.you') }}
            @if (local().state().screen) {
              · {{ i18n.t('call.sharingScreen') }}
            }
            @if (!local().state().audio) {
              · {{ i18n.t('call.muted') }}
            }
          </figcaption>
        </figure>
      </div>
      <td-call-controls [media]="local()" />
      <td-call-health [peers]="session.peers()" />
    </section>
  `,
})
export class InCall {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(CallSession);
  private readonly people = inject(PeopleStore);
  readonly call = input.required<CallView>();
  readonly local = input.required<LocalMedia>();
  private readonly now = signal(Date.now());

  /** "Calling…" while it rings, "Connecting…" until media flows, then the time since it connected. */
  protected readonly status = computed(() => {
    const call = this.call();
    if (call.state === 'ringing') return this.i18n.t('call.calling');
    const connected = this.session.peers().some((p) => p.state() === 'connected');
    if (!connected || !call.connectedAt) return this.i18n.t('call.connecting');
    const elapsed = this.now() - Date.parse(call.connectedAt);
    return this.i18n.t('call.elapsed', { time: formatDuration(elapsed) });
  });

  constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected nameOf(userId: string): string {
    return this.people.names().get(userId) ?? this.i18n.t('message.unknownSender');
  }

  protected initial(userId: string): string {
    return this.nameOf(userId).trim().charAt(0).toUpperCase();
  }
}
