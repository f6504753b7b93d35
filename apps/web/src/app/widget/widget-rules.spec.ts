import { describe, expect, it } from 'vitest';
import { escapeClosesPanel, unreadTotal, UnreadReporter, type EscapeKey } from './widget-rules';

describe('unread total', () => {
  it('adds up every conversation’s unread messages', () => {
    expect(unreadTotal([{ unreadCount: 2 }, { unreadCount: 0 }, { unreadCount: 5 }])).toBe(7);
    expect(unreadTotal([])).toBe(0);
  });

  it('tells the page only when the total changed', () => {
    const reporter = new UnreadReporter();
    expect(reporter.next([{ unreadCount: 1 }])).toBe(1);
    // The list was rebuilt (an event), the total is the same: nothing to tell.
    expect(reporter.next([{ unreadCount: 1 }, { unreadCount: 0 }])).toBeNull();
    expect(reporter.next([{ unreadCount: 1 }, { unreadCount: 2 }])).toBe(3);
    // Read in the widget: down to zero is news too.
    expect(reporter.next([{ unreadCount: 0 }, { unreadCount: 0 }])).toBe(0);
    expect(reporter.next([])).toBeNull();
    reporter.reset();
    expect(reporter.next([])).toBe(0);
  });
});

describe('escapeClosesPanel', () => {
  const escape: EscapeKey = {
    key: 'Escape',
    defaultPrevented: false,
    isComposing: false,
    targetExpanded: 'false',
    targetTestId: 'composer-input',
  };

  it('closes on Escape, from the composer too', () => {
    expect(escapeClosesPanel(escape)).toBe(true);
    expect(escapeClosesPanel({ ...escape, targetExpanded: null, targetTestId: null })).toBe(true);
  });

  it('leaves Escape to what is busy with it', () => {
    expect(escapeClosesPanel({ ...escape, key: 'Enter' })).toBe(false);
    expect(escapeClosesPanel({ ...escape, isComposing: true })).toBe(false); // IME candidates
    expect(escapeClosesPanel({ ...escape, targetExpanded: 'true' })).toBe(false); // mention list
    expect(escapeClosesPanel({ ...escape, targetTestId: 'edit-input' })).toBe(false);
    expect(escapeClosesPanel({ ...escape, defaultPrevented: true })).toBe(false);
  });
});
