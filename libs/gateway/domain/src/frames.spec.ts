import { describe, expect, it } from 'vitest';
import { closeReason } from './close-codes';
import { authFrameSchema, FrameErrorCode, parseClientFrame } from './frames';

describe('parseClientFrame', () => {
  it('accepts an object with a dotted lower-case type and keeps its other fields', () => {
    const parsed = parseClientFrame('{"type":"message.send","id":"c1","text":"hi"}');
    expect(parsed).toEqual({
      ok: true,
      frame: { type: 'message.send', id: 'c1', text: 'hi' },
    });
  });

  it.each([
    ['not JSON', 'hello'],
    ['a JSON array', '[{"type":"ping"}]'],
    ['a JSON string', '"ping"'],
    ['null', 'null'],
  ])('refuses %s with the stable invalid-frame code', (_name, text) => {
    const parsed = parseClientFrame(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe(FrameErrorCode.invalid);
  });

  it('refuses a missing or malformed type and names the field, echoing the id', () => {
    const missing = parseClientFrame('{"id":"c2"}');
    expect(missing).toMatchObject({
      ok: false,
      error: { code: FrameErrorCode.invalid, replyTo: 'c2', issues: [{ path: 'type' }] },
    });
    for (const type of ['Ping', 'ping!', 'a..b', '.a', 'x'.repeat(65), 42]) {
      expect(parseClientFrame(JSON.stringify({ type })).ok, String(type)).toBe(false);
    }
  });

  it('refuses an id that is too long rather than echo it back', () => {
    const parsed = parseClientFrame(JSON.stringify({ type: 'ping', id: 'x'.repeat(65) }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.replyTo).toBeUndefined();
  });

  it('bounds the auth frame token', () => {
    expect(authFrameSchema.safeParse({ type: 'auth', token: 'abc' }).success).toBe(true);
    expect(authFrameSchema.safeParse({ type: 'auth', token: '' }).success).toBe(false);
    expect(authFrameSchema.safeParse({ type: 'auth', token: 'x'.repeat(8193) }).success).toBe(
      false,
    );
  });
});

describe('closeReason', () => {
  it('keeps short reasons and cuts long ones to 123 bytes on a character boundary', () => {
    expect(closeReason('auth.token_expired')).toBe('auth.token_expired');
    const long = closeReason('会'.repeat(60)); // 3 bytes each: 180 bytes
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(123);
    expect(long).toBe('会'.repeat(41));
  });
});
