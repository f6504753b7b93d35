import { DestroyRef, Directive, ElementRef, inject, output } from '@angular/core';
import { conversationIdOf } from './widget-rules';

/**
 * The full client's conversation list links each conversation to `/c/:id` — a route of the
 * full client, which would replace the widget in its frame. Around the list in the widget,
 * a plain click on such a link is taken before the link sees it (capture phase) and turned
 * into `picked`; a click with a modifier (new tab, new window) is left to the browser, which
 * then opens the full client there.
 */
@Directive({ selector: '[tdConversationPick]' })
export class ConversationPick {
  readonly picked = output<string>();

  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)
        return;
      const link = (event.target as Element | null)?.closest?.('a[href]');
      const id = link ? conversationIdOf(link.getAttribute('href')) : null;
      if (!id) return;
      event.preventDefault();
      event.stopPropagation();
      this.picked.emit(id);
    };
    element.addEventListener('click', onClick, { capture: true });
    inject(DestroyRef).onDestroy(() =>
      element.removeEventListener('click', onClick, { capture: true }),
    );
  }
}
