import type { Conversation } from '../api/models';

/**
 * The compact shell's pure rules: the unread total the page's badge shows, when Escape closes
 * the panel. Unit-tested without a DOM.
 */

/** The badge's number: every unread message in every conversation of the inbox. */
export function unreadTotal(conversations: readonly Pick<Conversation, 'unreadCount'>[]): number {
  return conversations.reduce((sum, c) => sum + Math.max(0, c.unreadCount || 0), 0);
}

/**
 * Tells the page the unread total only when it changed: the list is rebuilt on every event,
 * and the page should not hear the same number twice.
 */
export class UnreadReporter {
  private last: number | null = null;

  /** The total to post, or null when the page already has it. */
  next(conversations: readonly Pick<Conversation, 'unreadCount'>[]): number | null {
    const total = unreadTotal(conversations);
    if (total === this.last) return null;
    this.last = total;
    return total;
  }

  /** After a reload of the page's side (a new `ready`): the next total is news again. */
  reset(): void {
    this.last = null;
  }
}

/** What the panel needs of a keydown to decide on Escape. */
export interface EscapeKey {
  key: string;
  defaultPrevented: boolean;
  isComposing: boolean;
  /** The focused element's `aria-expanded`: an open popup (mention list) Escape closes first. */
  targetExpanded: string | null;
  /** The focused element's `data-testid`. */
  targetTestId: string | null;
}

/**
 * Escape closes the panel (the page moves focus back to its button) — unless it is busy with
 * something smaller: an IME candidate, an open suggestion list, a message being edited, or a
 * control that already took the key.
 */
export function escapeClosesPanel(event: EscapeKey): boolean {
  if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return false;
  if (event.targetExpanded === 'true') return false;
  return event.targetTestId !== 'edit-input';
}
