import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** Material Design icons' "call" and "videocam" shapes (Apache-2.0), drawn in the text colour. */
const PATHS = {
  audio:
    'M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 1 .45 1 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 3.57.11.35.03.74-.25 1.02l-2.2 2.2z',
  video:
    'M17 10.5V7c0-.55-.45-1-1-1H4c-.55 0-1 .45-1 1v10c0 .55.45 1 1 1h12c.55 0 1-.45 1-1v-3.5l4 4v-11l-4 4z',
} as const;

/**
 * A phone or a camera: an inline SVG rather than an emoji, which machines without a colour
 * emoji font show as an empty box. Decorative: the text or label beside it says what it is.
 */
@Component({
  selector: 'td-call-icon',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    svg {
      width: 1.1em;
      height: 1.1em;
      vertical-align: -0.2em;
      fill: currentColor;
    }
  `,
  template: `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path [attr.d]="path()" />
  </svg>`,
})
export class CallIcon {
  readonly media = input<'audio' | 'video'>('audio');
  protected readonly path = computed(() => PATHS[this.media()]);
}
