import { Directive, effect, ElementRef, inject, input } from '@angular/core';

/**
 * Shows a MediaStream in a <video>: `srcObject` is a property with no attribute form, and
 * setting it needs no URL — nothing for the Content-Security-Policy's media-src to allow.
 */
@Directive({ selector: 'video[tdMediaStream]' })
export class MediaStreamView {
  readonly tdMediaStream = input<MediaStream | null>(null);
  private readonly element = inject<ElementRef<HTMLVideoElement>>(ElementRef);

  constructor() {
    effect(() => {
      const video = this.element.nativeElement;
      const stream = this.tdMediaStream();
      if (video.srcObject !== stream) video.srcObject = stream;
    });
  }
}
