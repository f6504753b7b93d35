import { Injectable, type OnDestroy } from '@angular/core';
import { framed, readPageMessage, type FrameMessage, type PageMessage } from './embed-messages';

/**
 * The frame's one line to the host page: posts only to `window.parent`, with the exact origin
 * the frame's URL named as target (never `*`), and hears only that parent from that origin
 * (docs/widget.md, Security). Everything else that arrives is dropped unread.
 */
@Injectable()
export class EmbedChannel implements OnDestroy {
  private origin: string | null = null;
  private listener: ((event: MessageEvent) => void) | undefined;

  /** Starts listening to the page at `origin`; `onMessage` gets its well-formed messages. */
  open(origin: string, onMessage: (message: PageMessage) => void): void {
    this.close();
    this.origin = origin;
    this.listener = (event) => {
      const message = readPageMessage(event, { parent: window.parent, origin });
      if (message) onMessage(message);
    };
    window.addEventListener('message', this.listener);
  }

  /** Tells the page; before `open` (no origin to trust) it says nothing. */
  post(message: FrameMessage): void {
    // Not framed (someone opened /widget by itself): the parent is this window, nobody to tell.
    if (!this.origin || window.parent === window) return;
    window.parent.postMessage(framed(message), this.origin);
  }

  close(): void {
    if (this.listener) window.removeEventListener('message', this.listener);
    this.listener = undefined;
    this.origin = null;
  }

  ngOnDestroy(): void {
    this.close();
  }
}
