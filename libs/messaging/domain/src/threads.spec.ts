import { describe, expect, it } from 'vitest';
import type { Decision } from './decision';
import { mayFollow, mayReplyTo, type RootFacts } from './threads';

const code = (d: Decision) => (d.ok ? 'ok' : d.code);
const root: RootFacts = { conversationId: 'c1', threadRootId: null, deleted: false, system: false };

describe('threads', () => {
  it('takes a top-level, live, non-system message of the same conversation as a root', () => {
    expect(code(mayReplyTo('c1', root))).toBe('ok');
    expect(code(mayReplyTo('c1', undefined))).toBe('messaging.thread.root_not_found');
    // Another conversation's message looks like no message at all.
    expect(code(mayReplyTo('c2', root))).toBe('messaging.thread.root_not_found');
    expect(code(mayReplyTo('c1', { ...root, threadRootId: 'r0' }))).toBe(
      'messaging.thread.not_a_root',
    );
    expect(code(mayReplyTo('c1', { ...root, system: true }))).toBe('messaging.thread.not_a_root');
    expect(code(mayReplyTo('c1', { ...root, deleted: true }))).toBe('messaging.message.deleted');
  });

  it('follows threads by their root only', () => {
    expect(code(mayFollow(root))).toBe('ok');
    // Unfollowing a thread whose root was deleted still works.
    expect(code(mayFollow({ ...root, deleted: true }))).toBe('ok');
    expect(code(mayFollow({ ...root, threadRootId: 'r0' }))).toBe('messaging.thread.not_a_root');
  });
});
