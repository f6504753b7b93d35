import { describe, expect, it } from 'vitest';
import {
  CALL_CANDIDATE_MAX_CHARS,
  CALL_SDP_MAX_CHARS,
  callSignalFrameSchema,
  type CallSignal,
} from './call-frames';
import { DEFAULT_GATEWAY_LIMITS } from './limits';

const frame = (signal: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'call.signal',
  id: 's-1',
  callId: 'c0ffee00-0000-4000-8000-000000000001',
  toUserId: 'u-bob',
  signal,
  ...extra,
});
const parse = (signal: unknown, extra?: Record<string, unknown>) =>
  callSignalFrameSchema.safeParse(frame(signal, extra));

describe('callSignalFrameSchema', () => {
  it.each<[string, CallSignal]>([
    ['an offer', { kind: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' }],
    ['an answer', { kind: 'answer', sdp: 'v=0\r\n' }],
    [
      'a candidate',
      {
        kind: 'candidate',
        candidate: {
          candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
          usernameFragment: 'abcd',
        },
      },
    ],
    ['the end of candidates', { kind: 'candidate', candidate: null }],
    [
      'a candidate without mid or index',
      {
        kind: 'candidate',
        candidate: { candidate: '', sdpMid: null, sdpMLineIndex: null, usernameFragment: null },
      },
    ],
    ['a media change', { kind: 'media', audio: true, video: false, screen: true }],
  ])('accepts %s as it is', (_name, signal) => {
    const parsed = parse(signal);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.signal).toEqual(signal);
  });

  it('drops fields the contract does not name, so only its shapes are relayed', () => {
    const parsed = parse(
      { kind: 'media', audio: true, video: true, screen: false, html: '<img>' },
      { fromUserId: 'u-forged' },
    );
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({
      type: 'call.signal',
      id: 's-1',
      callId: 'c0ffee00-0000-4000-8000-000000000001',
      toUserId: 'u-bob',
      signal: { kind: 'media', audio: true, video: true, screen: false },
    });
  });

  it('bounds the SDP at 32 KB and the candidate line', () => {
    expect(parse({ kind: 'offer', sdp: 'x'.repeat(CALL_SDP_MAX_CHARS) }).success).toBe(true);
    expect(parse({ kind: 'offer', sdp: 'x'.repeat(CALL_SDP_MAX_CHARS + 1) }).success).toBe(false);
    expect(parse({ kind: 'answer', sdp: '' }).success).toBe(false);
    const line = (n: number) => ({ kind: 'candidate', candidate: { candidate: 'c'.repeat(n) } });
    expect(parse(line(CALL_CANDIDATE_MAX_CHARS)).success).toBe(true);
    expect(parse(line(CALL_CANDIDATE_MAX_CHARS + 1)).success).toBe(false);
    expect(
      parse({ kind: 'candidate', candidate: { candidate: '', usernameFragment: 'u'.repeat(257) } })
        .success,
    ).toBe(false);
  });

  it('admits a frame with the largest SDP under the default frame size limit', () => {
    // A realistic SDP: short lines, each ending in CRLF (escaped as \r\n in JSON).
    const line = 'a=candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host\r\n';
    const sdp = line.repeat(Math.floor(CALL_SDP_MAX_CHARS / line.length));
    const bytes = new TextEncoder().encode(JSON.stringify(frame({ kind: 'offer', sdp }))).length;
    expect(bytes).toBeLessThan(DEFAULT_GATEWAY_LIMITS.maxFrameBytes);
  });

  it.each([
    ['an unknown kind', { kind: 'renegotiate', sdp: 'v=0' }],
    ['an offer without sdp', { kind: 'offer' }],
    ['a media signal missing a flag', { kind: 'media', audio: true, video: false }],
    [
      'a negative m-line index',
      { kind: 'candidate', candidate: { candidate: '', sdpMLineIndex: -1 } },
    ],
    ['no signal at all', undefined],
  ])('refuses %s', (_name, signal) => {
    expect(parse(signal).success).toBe(false);
  });

  it('needs a call id and a recipient of bounded length', () => {
    const offer = { kind: 'offer', sdp: 'v=0' };
    expect(parse(offer, { callId: '' }).success).toBe(false);
    expect(parse(offer, { callId: 'x'.repeat(65) }).success).toBe(false);
    expect(parse(offer, { toUserId: '' }).success).toBe(false);
    expect(parse(offer, { toUserId: 'x'.repeat(201) }).success).toBe(false);
  });
});
