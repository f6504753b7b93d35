import { describe, expect, it } from 'vitest';
import { needsNewToken, reconnectDelayMs, socketProtocols, socketUrl } from './socket-rules';

describe('socket rules', () => {
  it('connects to /ws on the same origin, resuming after lastSeq', () => {
    expect(socketUrl('https://chat.example.com/c/1?x=2', 41)).toBe(
      'wss://chat.example.com/ws?lastSeq=41',
    );
    expect(socketUrl('http://127.0.0.1:3000/', null)).toBe('ws://127.0.0.1:3000/ws');
  });

  it('offers tidings.v1 and the token as a bearer pseudo-subprotocol', () => {
    expect(socketProtocols('abc')).toEqual(['tidings.v1', 'bearer.abc']);
  });

  it('backs off exponentially with jitter, capped at 30 s', () => {
    expect(reconnectDelayMs(0, () => 0)).toBe(250);
    expect(reconnectDelayMs(0, () => 1)).toBe(500);
    expect(reconnectDelayMs(3, () => 1)).toBe(4_000);
    expect(reconnectDelayMs(20, () => 1)).toBe(30_000);
    expect(reconnectDelayMs(20, () => 0)).toBe(15_000);
  });

  it('knows which close codes need a new token', () => {
    expect(needsNewToken(4401)).toBe(true);
    expect(needsNewToken(4403)).toBe(true);
    expect(needsNewToken(1006)).toBe(false);
  });
});
