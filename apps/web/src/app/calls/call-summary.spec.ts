import { describe, expect, it } from 'vitest';
import { interpolate, TRANSLATIONS, type Language } from '../i18n/translations';
import type { CallOutcome, CallSummarySystem } from './call-models';
import { callSummary, callSummaryOf } from './call-summary';

function system(
  type: CallSummarySystem['type'],
  outcome: CallOutcome,
  extra: Partial<CallSummarySystem> = {},
): CallSummarySystem {
  return {
    type,
    callId: 'k1',
    media: 'video',
    outcome,
    durationMs: 0,
    participantIds: [],
    ...extra,
  };
}

/** The line as a reader sees it, in a language. */
function read(summary: CallSummarySystem, myId: string, language: Language = 'en'): string {
  const line = callSummary(summary, 'alice', myId);
  return interpolate(TRANSLATIONS[language][line.key] ?? line.key, line.params);
}

describe('call summaries', () => {
  it('says how long a completed call lasted, in both languages', () => {
    const done = system('call.ended', 'completed', { durationMs: 192_000 });
    expect(read(done, 'bob')).toBe('Video call · 3:12');
    expect(read(done, 'bob', 'zh-CN')).toBe('视频通话 · 3:12');
    expect(read({ ...done, media: 'audio' }, 'alice')).toBe('Audio call · 3:12');
  });

  it('says declined and busy to everyone', () => {
    expect(read(system('call.ended', 'declined'), 'alice')).toBe('Video call · Declined');
    expect(read(system('call.ended', 'declined'), 'bob', 'zh-CN')).toBe('视频通话 · 已拒绝');
    expect(read(system('call.ended', 'busy', { media: 'audio' }), 'bob')).toBe('Audio call · Busy');
  });

  it('is a missed call for the callees, and no answer or cancelled for the caller', () => {
    const missed = system('call.missed', 'missed', { media: 'audio' });
    expect(read(missed, 'bob')).toBe('Missed audio call');
    expect(read(missed, 'bob', 'zh-CN')).toBe('未接语音通话');
    expect(callSummary(missed, 'alice', 'bob').missed).toBe(true);
    expect(read(missed, 'alice')).toBe('Audio call · No answer');
    expect(callSummary(missed, 'alice', 'alice').missed).toBe(false);
    const cancelled = system('call.missed', 'cancelled');
    expect(read(cancelled, 'alice')).toBe('Video call · Cancelled');
    expect(read(cancelled, 'bob')).toBe('Missed video call');
  });

  it('recognises only the two call types of system messages', () => {
    expect(
      callSummaryOf({ kind: 'system', system: { ...system('call.ended', 'completed') } }),
    ).not.toBeNull();
    expect(callSummaryOf({ kind: 'system', system: { type: 'member.joined' } })).toBeNull();
    expect(callSummaryOf({ kind: 'user', system: null })).toBeNull();
  });
});
