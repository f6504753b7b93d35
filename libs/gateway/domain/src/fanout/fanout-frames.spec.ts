import { describe, expect, it } from 'vitest';
import { eventFrame, frameText } from './event-frame';
import { TypingThrottle } from './typing-throttle';

describe('event frames', () => {
  it('splices the seq into the payload serialized once, giving valid JSON', () => {
    const payload = { conversationId: 'c1', text: 'he said "hi" \u2028 ✓', n: [1, 2] };
    const frame = eventFrame('messaging.message.sent', JSON.stringify(payload), 1_000);
    const a = frameText(frame, 7);
    const b = frameText(frame, 12_345);
    expect(JSON.parse(a)).toEqual({ type: 'messaging.message.sent', seq: 7, data: payload });
    expect(JSON.parse(b)).toEqual({ type: 'messaging.message.sent', seq: 12_345, data: payload });
    // Same object for every recipient: nothing about the payload is built per frame.
    expect(a.slice(a.indexOf(',"data"'))).toBe(frame.tail);
  });
});

describe('TypingThrottle', () => {
  it('passes one typing frame per conversation per interval', () => {
    const throttle = new TypingThrottle(3_000);
    expect(throttle.admit('c1', 0)).toBe(true);
    expect(throttle.admit('c1', 2_999)).toBe(false);
    expect(throttle.admit('c2', 1_000)).toBe(true);
    expect(throttle.admit('c1', 3_000)).toBe(true);
    expect(throttle.admit('c1', 3_100)).toBe(false);
  });

  it('stays bounded, forgetting the conversation typed in longest ago', () => {
    const throttle = new TypingThrottle(3_000, 2);
    throttle.admit('a', 0);
    throttle.admit('b', 0);
    throttle.admit('c', 0); // forgets a
    expect(throttle.admit('a', 1)).toBe(true);
    expect(throttle.admit('c', 1)).toBe(false);
  });
});
