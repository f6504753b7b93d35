import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n } from '../i18n/i18n.service';
import { CallSession } from './call-session';
import type { InputKind, LocalMedia } from './local-media';

/**
 * Mute, camera, screen share, devices and hang up: real buttons whose label says what a press
 * does ("Unmute microphone"), so the state is heard without a separate "pressed".
 */
@Component({
  selector: 'td-call-controls',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .controls {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      align-items: flex-start;
    }
    button,
    summary {
      padding: 0.4rem 0.6rem;
      border: 1px solid var(--border);
      border-radius: 4px;
      background: var(--panel);
      color: var(--text);
      cursor: pointer;
    }
    /* Not the usual state: muted, camera off, sharing. */
    button.flagged {
      background: var(--accent);
      color: #fff;
    }
    .hangup {
      background: var(--danger);
      color: #fff;
      border-color: var(--danger);
    }
    details[open] .devices {
      display: grid;
      gap: 0.3rem;
      margin-top: 0.4rem;
    }
  `,
  template: `
    <div class="controls" role="toolbar" [attr.aria-label]="i18n.t('call.region')">
      <button
        type="button"
        data-testid="call-mute"
        [class.flagged]="!state().audio"
        [attr.data-on]="state().audio"
        (click)="session.setMuted(state().audio)"
      >
        {{ i18n.t(state().audio ? 'call.mute' : 'call.unmute') }}
      </button>
      <button
        type="button"
        data-testid="call-camera"
        [class.flagged]="!state().video"
        [attr.data-on]="state().video"
        (click)="session.setCamera(!state().video)"
      >
        {{ i18n.t(state().video ? 'call.cameraOff' : 'call.cameraOn') }}
      </button>
      @if (canShare) {
        <button
          type="button"
          data-testid="call-screen"
          [class.flagged]="state().screen"
          [attr.data-on]="state().screen"
          (click)="session.shareScreen(!state().screen)"
        >
          {{ i18n.t(state().screen ? 'call.stopSharing' : 'call.shareScreen') }}
        </button>
      }
      <details data-testid="call-devices">
        <summary>{{ i18n.t('call.devices') }}</summary>
        <div class="devices">
          @for (kind of kinds; track kind) {
            <label [for]="'call-device-' + kind">{{
              i18n.t(kind === 'audioinput' ? 'call.microphone' : 'call.camera')
            }}</label>
            <select
              [id]="'call-device-' + kind"
              [attr.data-testid]="'call-device-' + kind"
              (change)="choose(kind, $any($event.target).value)"
            >
              @for (device of devicesOf(kind); track device.deviceId; let i = $index) {
                <option
                  [value]="device.deviceId"
                  [selected]="device.deviceId === media().chosen()[kind]"
                >
                  {{ device.label || (kind === 'audioinput' ? 'Mic' : 'Cam') + ' ' + (i + 1) }}
                </option>
              }
            </select>
          }
        </div>
      </details>
      <button type="button" class="hangup" data-testid="call-hangup" (click)="session.hangUp()">
        {{ i18n.t('call.hangUp') }}
      </button>
    </div>
  `,
})
export class CallControls {
  protected readonly i18n = inject(I18n);
  protected readonly session = inject(CallSession);
  readonly media = input.required<LocalMedia>();
  protected readonly state = computed(() => this.media().state());
  protected readonly kinds: readonly InputKind[] = ['audioinput', 'videoinput'];
  /** Screen sharing needs getDisplayMedia (desktop browsers). */
  protected readonly canShare = typeof navigator.mediaDevices?.getDisplayMedia === 'function';

  protected devicesOf(kind: InputKind): MediaDeviceInfo[] {
    return this.media()
      .devices()
      .filter((d) => d.kind === kind);
  }

  protected choose(kind: InputKind, deviceId: string): void {
    void this.session.useDevice(kind, deviceId);
  }
}
