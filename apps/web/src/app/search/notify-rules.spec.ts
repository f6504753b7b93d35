import { describe, expect, it } from 'vitest';
import { shouldNotify, type NotifyFacts } from './notify-rules';

const base: NotifyFacts = {
  senderId: 'bob',
  conversationId: 'c1',
  kind: 'user',
  mentions: [],
  broadcast: false,
  conversation: { kind: 'direct', muted: false },
  myId: 'me',
  openId: 'c2',
  visible: true,
  dndUntil: null,
  now: 1_000,
  permission: 'granted',
};
const notify = (change: Partial<NotifyFacts>) => shouldNotify({ ...base, ...change });

describe('shouldNotify', () => {
  it('notifies direct messages, and mentions or @all in channels', () => {
    expect(notify({})).toBe(true);
    const channel = { kind: 'channel' as const, muted: false };
    expect(notify({ conversation: channel })).toBe(false);
    expect(notify({ conversation: channel, mentions: ['me'] })).toBe(true);
    expect(notify({ conversation: channel, broadcast: true })).toBe(true);
  });

  it('stays quiet for my own messages, system notices, muted conversations and unknown ones', () => {
    expect(notify({ senderId: 'me' })).toBe(false);
    expect(notify({ kind: 'system' })).toBe(false);
    expect(notify({ conversation: { kind: 'direct', muted: true } })).toBe(false);
    expect(notify({ conversation: undefined })).toBe(false);
  });

  it('stays quiet during do-not-disturb, and speaks again once it ended', () => {
    expect(notify({ dndUntil: Infinity })).toBe(false);
    expect(notify({ dndUntil: 2_000 })).toBe(false);
    expect(notify({ dndUntil: 500 })).toBe(true);
  });

  it('stays quiet when the conversation is on screen, not when the tab is hidden', () => {
    expect(notify({ openId: 'c1' })).toBe(false);
    expect(notify({ openId: 'c1', visible: false })).toBe(true);
  });

  it('needs permission', () => {
    expect(notify({ permission: 'default' })).toBe(false);
    expect(notify({ permission: 'denied' })).toBe(false);
    expect(notify({ permission: 'unsupported' })).toBe(false);
  });
});
